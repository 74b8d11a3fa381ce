import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { startSession } from "./lib/session";
import "./app/styles.css";

// A reload or a new tab is signed in again from the refresh cookie (nothing is kept in storage).
void startSession();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
