import { moderates } from "./privileges";
import { useEffect, useRef } from "preact/hooks";
import { SearchBox } from "./components/SearchBox";
import { Ask } from "./pages/Ask";
import { Home } from "./pages/Home";
import { NotFound } from "./pages/NotFound";
import { QuestionPage } from "./pages/Question";
import { Search } from "./pages/Search";
import { SignIn, SignUp } from "./pages/SignIn";
import { TagPage } from "./pages/Tag";
import { Tags } from "./pages/Tags";
import { lazyPage } from "./lazy";
import { match, navigate, useLocation } from "./router";
import { signOut, useSession, useSignInOptions } from "./session";

const ModerationLog = lazyPage(() => import("./pages/Moderation").then((m) => m.ModerationLog));
const ModerationQueue = lazyPage(() => import("./pages/Moderation").then((m) => m.ModerationQueue));
const Notifications = lazyPage(() => import("./pages/Notifications").then((m) => m.Notifications));
const Profile = lazyPage(() => import("./pages/Profile").then((m) => m.Profile));
const Reference = lazyPage(() => import("./pages/Reference").then((m) => m.Reference));
const Settings = lazyPage(() => import("./pages/Settings").then((m) => m.Settings));
const SiteSettings = lazyPage(() => import("./pages/SiteSettings").then((m) => m.SiteSettings));
const ForgotPassword = lazyPage(() => import("./pages/PasswordReset").then((m) => m.ForgotPassword));
const ResetPassword = lazyPage(() => import("./pages/PasswordReset").then((m) => m.ResetPassword));
const People = lazyPage(() => import("./pages/People").then((m) => m.People));
const Syntheses = lazyPage(() => import("./pages/Syntheses").then((m) => m.Syntheses));
const CommunityHealth = lazyPage(() => import("./pages/CommunityHealth").then((m) => m.CommunityHealth));
const Tokens = lazyPage(() => import("./pages/Tokens").then((m) => m.Tokens));
const Unsubscribe = lazyPage(() => import("./pages/Unsubscribe").then((m) => m.Unsubscribe));
const VerifyEmail = lazyPage(() => import("./pages/VerifyEmail").then((m) => m.VerifyEmail));
const Webhooks = lazyPage(() => import("./pages/Webhooks").then((m) => m.Webhooks));

// What a signed-out visitor of a private site may still open.
const OPEN_ON_PRIVATE_SITES = new Set(["signin", "signup", "forgot-password", "reset-password", "verify-email", "unsubscribe"]);

function Page({ url }: { url: URL }) {
  const { name, params } = match(url.pathname);
  const user = useSession();
  const options = useSignInOptions();
  if (options?.require_sign_in && user === null && !OPEN_ON_PRIVATE_SITES.has(name)) {
    return <SignIn url={new URL(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, url)} />;
  }
  switch (name) {
    case "home":
      return <Home url={url} />;
    case "search":
      return <Search url={url} />;
    case "ask":
      return <Ask url={url} />;
    case "question":
      return <QuestionPage id={Number(params.id)} />;
    case "reference":
      return <Reference id={Number(params.id)} />;
    case "tags":
      return <Tags url={url} />;
    case "tag":
      return <TagPage name={params.name} url={url} />;
    case "profile":
      return <Profile id={Number(params.id)} />;
    case "signin":
      return <SignIn url={url} />;
    case "signup":
      return <SignUp url={url} />;
    case "notifications":
      return <Notifications url={url} />;
    case "moderation":
      return <ModerationQueue />;
    case "moderation-log":
      return <ModerationLog url={url} />;
    case "admin-settings":
      return <SiteSettings />;
    case "admin-webhooks":
      return <Webhooks />;
    case "settings":
      return <Settings />;
    case "unsubscribe":
      return <Unsubscribe url={url} />;
    case "community-health":
      return <CommunityHealth url={url} />;
    case "tag-syntheses":
      return <Syntheses name={params.name} />;
    case "tokens":
      return <Tokens />;
    case "admin-people":
      return <People url={url} />;
    case "forgot-password":
      return <ForgotPassword />;
    case "reset-password":
      return <ResetPassword url={url} />;
    case "verify-email":
      return <VerifyEmail url={url} />;
    default:
      return <NotFound />;
  }
}

export function App() {
  const url = useLocation();
  const user = useSession();
  const main = useRef<HTMLElement>(null);
  const onSearchPage = url.pathname === "/search";
  const path = url.pathname;

  // A new page moves focus to its content, as a full page load would, for screen readers.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!onSearchPage) main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="header-inner">
          <a class="brand" href="/">
            Commonplace
          </a>
          <SearchBox onSearchPage={onSearchPage} initial={onSearchPage ? (url.searchParams.get("q") ?? "") : ""} />
          <nav class="site-nav" aria-label="Main">
            <a href="/ask" aria-current={path === "/ask" ? "page" : undefined}>
              Ask
            </a>
            <a href="/tags" aria-current={path === "/tags" ? "page" : undefined}>
              Tags
            </a>
            {moderates(user) && (
              <a href="/moderation" aria-current={path === "/moderation" ? "page" : undefined}>
                Moderation
              </a>
            )}
            {user && user.role === "admin" && (
              <a href="/admin/settings" aria-current={path === "/admin/settings" ? "page" : undefined}>
                Site settings
              </a>
            )}
            {user ? (
              <>
                <a href="/notifications" aria-current={path === "/notifications" ? "page" : undefined}>
                  Notifications
                  {(user.unread_notifications ?? 0) > 0 && (
                    <>
                      {" "}
                      <span class="unread-count" aria-label={`${user.unread_notifications} unread`}>
                        {user.unread_notifications}
                      </span>
                    </>
                  )}
                </a>
                <a href="/settings" aria-current={path === "/settings" ? "page" : undefined}>
                  Settings
                </a>
                <a href={`/users/${user.id}`} class="me">
                  {user.display_name} <span class="rep" aria-label={`reputation ${user.reputation}`}>{user.reputation}</span>
                </a>
                <button type="button" class="link-button" onClick={() => signOut().then(() => navigate("/"))}>
                  Sign out
                </button>
              </>
            ) : user === null ? (
              <>
                <a href={`/signin?next=${encodeURIComponent(path + url.search)}`}>Sign in</a>
                <a href="/signup" class="button small">
                  Sign up
                </a>
              </>
            ) : null}
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page url={url} />
      </main>
      <footer class="site-footer">
        <p>
          Commonplace: ask colleagues, reuse what solved it. <a href="/api/v1/docs">API</a>
        </p>
      </footer>
    </>
  );
}
