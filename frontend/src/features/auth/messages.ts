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
    invitationTitle: "Choose your password",
    invitationIntro: "You were invited to the KYC back-office. Choose the password you will sign in with.",
    invitationIncomplete: "This invitation link is incomplete. Open the whole link you received, or ask your administrator for a new one.",
    setPassword: "Set password",
    settingPassword: "Setting password…",
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
    invitationTitle: "აირჩიეთ პაროლი",
    invitationIntro: "თქვენ მოგიწვიეს KYC სამართავ პანელში. აირჩიეთ პაროლი, რომლითაც შეხვალთ.",
    invitationIncomplete: "მოწვევის ბმული არასრულია. გახსენით მიღებული ბმული მთლიანად ან სთხოვეთ ადმინისტრატორს ახალი.",
    setPassword: "პაროლის დაყენება",
    settingPassword: "პაროლი ყენდება…",
  },
});
