export { AccountPanel } from "./components/AccountPanel";
export { LoginEnrolment } from "./components/LoginEnrolment";
