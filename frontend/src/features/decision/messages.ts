import { defineMessages, type Translate } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    verify: "Verify",
    reject: "Reject",
    verifyTitle: "Verify this session",
    rejectTitle: "Reject this session",
    verifySubmit: "Verify session",
    rejectSubmit: "Reject session",
    saving: "Saving…",
    cancel: "Cancel",
    reasons: "Rejection reasons",
    reasonsHint: "Pick at least one.",
    note: "Note",
    notePlaceholderVerify: "Optional: what you checked by hand",
    notePlaceholderReject: "What is wrong, for the record",
    secondApproval: "Your approval is recorded. A second operator must approve this session too (four-eyes review).",
    verified: "The session is verified.",
    rejected: "The session is rejected.",
  },
  ka: {
    verify: "დადასტურება",
    reject: "უარყოფა",
    verifyTitle: "სესიის დადასტურება",
    rejectTitle: "სესიის უარყოფა",
    verifySubmit: "სესიის დადასტურება",
    rejectSubmit: "სესიის უარყოფა",
    saving: "ინახება…",
    cancel: "გაუქმება",
    reasons: "უარყოფის მიზეზები",
    reasonsHint: "აირჩიეთ ერთი მაინც.",
    note: "შენიშვნა",
    notePlaceholderVerify: "არასავალდებულო: რა შეამოწმეთ ხელით",
    notePlaceholderReject: "რა არის არასწორი — ჩანაწერისთვის",
    secondApproval: "თქვენი დადასტურება შენახულია. ამ სესიას მეორე ოპერატორის დადასტურებაც სჭირდება (ოთხი თვალის პრინციპი).",
    verified: "სესია დადასტურებულია.",
    rejected: "სესია უარყოფილია.",
  },
});

export type T = Translate<keyof typeof messages.en>;

/** Georgian words for the server's rejection groups and reasons; English comes from the server. */
export const GEORGIAN_REASONS: Record<string, string> = {
  spam: "სპამი",
  compromised_person: "კომპრომეტირებული პირი",
  pep: "პოლიტიკურად აქტიური პირი (PEP)",
  sanctions_list: "სანქციების სიები",
  criminal_records: "ნასამართლობა",
  adverse_media: "ნეგატიური ინფორმაცია მედიაში",
  suspected_fraud: "თაღლითობის ეჭვი",
  fake: "ყალბი დოკუმენტი",
  blacklist: "შავი სია",
  selfie_mismatch: "სელფი არ ემთხვევა",
  data_mismatch: "მონაცემების შეუსაბამობა",
  full_name_mismatch: "სრული სახელი",
  document_number_mismatch: "პირადი/დოკუმენტის ნომერი",
  mrz_issue: "MRZ-ის პრობლემა",
  date_of_birth_mismatch: "დაბადების თარიღი",
};
