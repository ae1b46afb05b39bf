import { render } from "preact";
import { configureClient } from "./api/client";
import { App } from "./App";
import { interceptLinks, navigate, signInPath } from "./router";
import { loadSession, loadSignInOptions, sessionEnded } from "./session";
import "./styles.css";

configureClient({
  // A write that needs a session: the session is gone, so sign in and come back here.
  onUnauthorized: () => {
    sessionEnded();
    if (!location.pathname.startsWith("/signin")) navigate(signInPath());
  },
});
const root = document.getElementById("app")!;
interceptLinks(root);
void loadSession();
void loadSignInOptions();
render(<App />, root);
