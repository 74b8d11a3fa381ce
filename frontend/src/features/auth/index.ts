export { LoginForm } from "./components/LoginForm";
export { LogOutButton } from "./components/LogOutButton";
export { InvitationForm } from "./components/InvitationForm";
