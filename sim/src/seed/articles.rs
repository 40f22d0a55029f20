//! Help Center articles 7001–7030 (sections 601–603), English only.

use super::catalog::Article;
use crate::time;

const ARTICLES: [(&str, &str); 30] = [
    ("How do I reset my password?", "Open the sign-in page and choose <strong>Forgot password</strong>. We email you a reset link that is valid for 24 hours."),
    ("Changing the email address on your account", "Go to <em>Profile → Email</em>, enter the new address and confirm it from the verification email."),
    ("Where is my order?", "Every order has a tracking link in the shipping confirmation email. Shipping usually takes 3–5 business days."),
    ("Shipping times and costs", "Standard shipping is free above 50 EUR. Express shipping arrives the next business day when ordered before noon."),
    ("Returning an item", "You can return unused items within 30 days. Print the return label from your order page and drop the parcel at any post office."),
    ("Refund processing times", "Refunds are issued to the original payment method within 5 business days after we receive the return."),
    ("Updating your billing details", "Billing details and invoices live under <em>Account → Billing</em>. Changes apply to the next invoice."),
    ("Downloading an invoice", "Open the order and choose <strong>Download invoice</strong>. Invoices are PDF files and include VAT."),
    ("Accepted payment methods", "We accept credit cards, PayPal, SEPA direct debit and bank transfer for business accounts."),
    ("Why was my payment declined?", "Payments are declined when the card is expired, the billing address does not match or the bank blocks the charge."),
    ("Setting up two-factor authentication", "Enable two-factor authentication under <em>Security</em> and scan the QR code with an authenticator app."),
    ("The mobile app crashes on start", "Update the app to the latest version, restart the phone and clear the app cache. If it still crashes, send us the crash report."),
    ("Syncing between desktop and mobile app", "Sync runs every five minutes. Pull down on the list in the mobile app to sync immediately."),
    ("Installing the desktop app on Windows", "Download the installer, run it and follow the steps. Administrator rights are needed for the first install."),
    ("Installing the desktop app on macOS", "Drag the app to Applications. On first start macOS asks you to confirm that you want to open it."),
    ("Installing the desktop app on Linux", "We ship .deb and .rpm packages and an AppImage. The AppImage needs no installation."),
    ("Laptop battery drains quickly", "Lower the screen brightness, close background apps and check the battery report in the settings app."),
    ("Laptop does not turn on", "Hold the power button for 15 seconds, connect the charger and try again. The charging light should turn orange."),
    ("Finding the serial number of your device", "The serial number is printed under the device and in <em>Settings → About</em>. It looks like AB-1234."),
    ("Warranty coverage", "All hardware comes with a two-year warranty covering manufacturing defects. Accidental damage is not covered."),
    ("Exporting your data", "Use <strong>Export</strong> in the account menu to download all your data as a ZIP file with CSV and JSON."),
    ("Deleting your account", "Deleting your account removes all data after 30 days. Contact support if you change your mind in the meantime."),
    ("Inviting team members", "Admins can invite team members from <em>Team → Invite</em>. Invitations expire after seven days."),
    ("Roles and permissions", "Owners manage billing, admins manage the team and members use the product. Roles can be changed at any time."),
    ("Using keyboard shortcuts", "Press <code>?</code> anywhere to see all keyboard shortcuts. <code>Ctrl+K</code> opens the command palette."),
    ("Connecting the API", "Create an API key under <em>Developers</em>. Keep it secret: it grants full access to your account."),
    ("Webhook delivery failures", "Webhooks are retried with exponential backoff for 24 hours. Check that your endpoint answers within 10 seconds."),
    ("Accessibility features", "The app supports screen readers, high-contrast mode and full keyboard navigation."),
    ("Contacting support", "Use the contact form to open a request. We answer within one business day, faster for urgent problems."),
    ("System status and outages", "Our status page shows incidents and maintenance. Subscribe to get notified about outages."),
];

/// The seeded articles, one a week from March 2025.
pub fn articles() -> Vec<Article> {
    let base = time::at(2025, 3, 1, 9, 0, 0);
    ARTICLES
        .iter()
        .enumerate()
        .map(|(i, (title, body))| Article {
            id: 7001 + i as u64,
            title,
            body: format!("<p>{body}</p><p>Still stuck? <a href=\"/hc/en-us/requests/new\">Contact us</a>.</p>"),
            section_id: 601 + (i as u64 % 3),
            created_at: base + i as i64 * 86_400 * 7,
            updated_at: base + i as i64 * 86_400 * 9,
            vote_sum: (i as i64 * 7) % 23 - 3,
        })
        .collect()
}
