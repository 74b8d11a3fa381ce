import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    title: "Sign in",
    subtitle: "KYC back-office for compliance teams",
    email: "Email",
    password: "Password",
    submit: "Sign in",
    submitting: "Signing in…",
    expired: "Your session has ended. Please sign in again.",
    invitationAccepted: "Your password is set. Sign in with it now.",
  },
  ka: {
    title: "შესვლა",
    subtitle: "KYC სამართავი პანელი შესაბამისობის გუნდებისთვის",
    email: "ელფოსტა",
    password: "პაროლი",
    submit: "შესვლა",
    submitting: "შესვლა მიმდინარეობს…",
    expired: "სესია დასრულდა. გთხოვთ, თავიდან შეხვიდეთ.",
    invitationAccepted: "პაროლი დაყენებულია. ახლა შედით მისი გამოყენებით.",
  },
});
