export { Notes } from "./components/Notes";
