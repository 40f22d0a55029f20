//! Seed data of the `acme` account, as tables per kind plus small builders:
//!
//! * [`users`]: end users (with demo tokens) and agents, ids in [`users::id`];
//! * [`fields`] and [`forms`]: the ticket fields and forms, ids in [`fields::id`] and the
//!   `*_FORM` constants;
//! * [`requests`]: the fixed requests (ids in [`requests::id`]) and the generated ones;
//! * [`articles`]: Help Center articles 7001–7030, sections 601–603;
//! * [`catalog`]: the types of forms, fields and articles ([`Catalog`]);
//! * [`builder`]: [`builder::Seeder`], which turns the tables into a [`Store`].
//!
//! Everything is generated deterministically and cheaply: start-up stays well under a second
//! even with the 2,000-request user and the 1,000-comment request.

pub mod articles;
pub mod builder;
pub mod catalog;
pub mod fields;
pub mod forms;
pub mod html;
pub mod requests;
pub mod users;

pub use catalog::{
    Article, Catalog, Condition, ConditionValue, FieldOption, L10n, TicketField, TicketForm,
};
pub use forms::DEFAULT_FORM;
pub use html::{escape_html, render_plain};
pub use users::{AGENTS, API_TOKEN, END_USERS};

use crate::png;
use crate::state::{Store, User};
use crate::time;
use builder::Seeder;

/// Builds the seeded store.
pub fn store(salt: u64) -> Store {
    let mut sd = Seeder {
        s: Store {
            next_request_id: 20_000,
            next_comment_id: 1_000_000,
            next_attachment_id: 5_000_000,
            next_user_id: 5000,
            salt,
            ..Store::default()
        },
    };
    let t0 = time::at(2026, 9, 1, 9, 0, 0);
    seed_users(&mut sd, t0);
    requests::ada(&mut sd, t0);
    requests::rich_conversation(&mut sd, t0);
    requests::hostile_conversation(&mut sd, t0);
    requests::long_conversation(&mut sd, t0);
    requests::charles(&mut sd, t0);
    requests::grace(&mut sd, t0);
    requests::bulk(&mut sd);
    sd.s
}

/// The end users of [`END_USERS`] and the agents of [`AGENTS`] (with generated photos).
fn seed_users(sd: &mut Seeder, t0: i64) {
    for (id, name, email, token) in END_USERS {
        let user = User {
            id,
            name: name.into(),
            email: email.into(),
            agent: false,
            verified: !users::UNVERIFIED.contains(&id),
            locale: "en-US".into(),
            photo: None,
            created_at: t0 - 86_400 * 200,
        };
        sd.end_user(user, token);
    }
    for ((id, name, email), color) in AGENTS.into_iter().zip(users::AGENT_PHOTO_COLORS) {
        let first_name = name.split(' ').next().unwrap_or("agent").to_lowercase();
        let photo = sd.file(
            &format!("{first_name}.png"),
            "image/png",
            png::avatar(80, color),
            (serde_json::json!(80), serde_json::json!(80)),
            false,
        );
        let user = User {
            id,
            name: name.into(),
            email: email.into(),
            agent: true,
            verified: true,
            locale: "en-US".into(),
            photo: Some(photo),
            created_at: t0 - 86_400 * 400,
        };
        sd.s.users.insert(id, user);
    }
}

#[cfg(test)]
mod tests {
    use super::requests::id as request;
    use super::users::id::{ADA, BULK};
    use super::*;

    #[test]
    fn seed_shape() {
        let start = std::time::Instant::now();
        let s = store(1);
        assert!(start.elapsed().as_millis() < 1000);
        let owned_by = |user| {
            s.requests
                .values()
                .filter(|r| r.requester_id == user)
                .count()
        };
        assert_eq!(owned_by(BULK), 2000);
        assert_eq!(owned_by(ADA), 40);
        assert_eq!(s.comments[&request::LONG].len(), 1000);
        let c = Catalog::build();
        assert_eq!(c.articles.len(), 30);
        assert_eq!(
            c.field(fields::id::SERIAL).and_then(|f| f.regexp),
            Some(r"\A[A-Z]{2}-\d{4}\z")
        );
        assert_eq!(L10n::en_de("a", "b").get(Some("de-CH")), "b");
    }

    /// Every id a form lists is a seeded field, and every condition names fields of its form.
    #[test]
    fn forms_name_seeded_fields() {
        let c = Catalog::build();
        for form in &c.forms {
            for id in form.ticket_field_ids {
                assert!(
                    c.field(*id).is_some(),
                    "form {} lists unknown field {id}",
                    form.id
                );
            }
            for cond in form.end_user_conditions {
                let ids = std::iter::once(cond.parent_field_id)
                    .chain(cond.child_fields.iter().map(|c| c.0));
                for id in ids {
                    assert!(
                        form.ticket_field_ids.contains(&id),
                        "form {}: condition field {id}",
                        form.id
                    );
                }
            }
        }
        assert_eq!(c.forms.iter().filter(|f| f.default).count(), 1);
    }
}
