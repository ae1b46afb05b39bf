// Moderators' controls load only for moderators, in a chunk of their own (lazy.tsx).
import { lazyPage } from "../lazy";

export const ThreadTools = lazyPage(() => import("./ThreadTools").then((m) => m.ThreadTools), "Loading the moderator's tools");
export const HideControl = lazyPage(() => import("./HideControl").then((m) => m.HideControl), "Loading");
export const MemberTools = lazyPage(() => import("./MemberTools").then((m) => m.MemberTools), "Loading the moderator's tools");
export const TagTools = lazyPage(() => import("./TagTools").then((m) => m.TagTools), "Loading the moderator's tools");
export const NewCommunity = lazyPage(() => import("./NewCommunity").then((m) => m.NewCommunity), "Loading");
