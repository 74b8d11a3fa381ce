export { ScreeningBanner, type ScreeningAlert } from "./components/ScreeningBanner";
export { StatusReasons } from "./components/StatusReasons";
