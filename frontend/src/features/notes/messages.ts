import { defineMessages, type Translate } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    title: "Notes",
    empty: "No notes yet.",
    newNote: "New note",
    placeholder: "What did you check, and what did you find?",
    add: "Add note",
    adding: "Adding…",
    tooLong: "{count} characters over the limit",
    "kind.note": "Note",
    "kind.approval": "Approval",
    "kind.rejection": "Rejection",
    reasons: "Reasons",
    readOnly: "Viewers can read notes but not add them.",
  },
  ka: {
    title: "შენიშვნები",
    empty: "შენიშვნები ჯერ არ არის.",
    newNote: "ახალი შენიშვნა",
    placeholder: "რა შეამოწმეთ და რა აღმოაჩინეთ?",
    add: "შენიშვნის დამატება",
    adding: "ემატება…",
    tooLong: "ლიმიტს {count} სიმბოლოთი აღემატება",
    "kind.note": "შენიშვნა",
    "kind.approval": "დადასტურება",
    "kind.rejection": "უარყოფა",
    reasons: "მიზეზები",
    readOnly: "დამთვალიერებელს შეუძლია შენიშვნების წაკითხვა, მაგრამ არა დამატება.",
  },
});

export type T = Translate<keyof typeof messages.en>;
