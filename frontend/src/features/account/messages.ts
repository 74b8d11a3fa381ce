import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    name: "Name",
    email: "Email",
    role: "Role",
    company: "Company",
    changePassword: "Change password",
    changing: "Changing…",
    currentPassword: "Current password",
    passwordChanged: "Your password is changed. Your other sign-ins were ended; this one goes on with the new password.",
  },
  ka: {
    name: "სახელი",
    email: "ელფოსტა",
    role: "როლი",
    company: "კომპანია",
    changePassword: "პაროლის შეცვლა",
    changing: "იცვლება…",
    currentPassword: "მიმდინარე პაროლი",
    passwordChanged: "პაროლი შეიცვალა. სხვა შესვლები დასრულდა; ეს გრძელდება ახალი პაროლით.",
  },
});
