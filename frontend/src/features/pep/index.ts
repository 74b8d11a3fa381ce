export { PepInfo } from "./components/PepInfo";
