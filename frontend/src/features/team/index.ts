export { TeamManager } from "./components/TeamManager";
