export { AttemptsHistory } from "./components/AttemptsHistory";
export { usePrefetchAttempts } from "./api";
