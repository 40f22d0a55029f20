//! Japanese interface messages.
use super::Messages;

/// Japanese messages.
pub const MESSAGES: Messages = Messages {
    tag: "ja",
    rtl: false,
    support: "サポート",
    close: "閉じる",
    contact_tab: "サポートに問い合わせる",
    tickets_tab: "マイリクエスト",
    contact_lead: "メッセージをお送りください。メールでご返信します。",
    tickets_lead: "リクエストと返信はここに表示されます。",
};
