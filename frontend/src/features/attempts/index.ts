export { AttemptsHistory } from "./components/AttemptsHistory";
