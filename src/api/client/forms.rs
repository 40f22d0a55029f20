//! Ticket forms and their fields, for the contact form. Zendesk shows them alike to anyone
//! (end users, agents and anonymous visitors see the forms and fields end users may pick), so
//! they are read without credentials first (`Client::get_public`).

use super::{take_list, Client};
use crate::api::error::ApiError;
use crate::api::models::{join_form_fields, FormWithFields, TicketField, TicketForm};
use crate::api::page::{decode_page, PageRequest, Query};
use crate::api::transport::Transport;

impl<T: Transport + 'static> Client<T> {
    /// `GET /api/v2/ticket_forms?active=true&end_user_visible=true&associated_to_brand=true`:
    /// on a multibrand account, only the forms offered in the brand of the host called.
    pub async fn list_ticket_forms(&self) -> Result<Vec<TicketForm>, ApiError> {
        let mut answer = self
            .get_public("/api/v2/ticket_forms.json?active=true&end_user_visible=true&associated_to_brand=true".into())
            .await?;
        Ok(take_list(&mut answer.body, "ticket_forms"))
    }

    /// `GET /api/v2/ticket_forms/show_many?ids=…&include=ticket_fields`: forms with their
    /// fields in one call, each form's fields in its order.
    pub async fn ticket_forms_with_fields(
        &self,
        ids: &[u64],
        locale: Option<&str>,
    ) -> Result<Vec<FormWithFields>, ApiError> {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        let mut query = Query::new();
        query
            .push("ids", &ids.join(","))
            .push("include", "ticket_fields")
            .push("active", "true")
            .push("end_user_visible", "true")
            .push_opt("locale", locale);
        let mut answer = self
            .get_public(format!(
                "/api/v2/ticket_forms/show_many.json{}",
                query.as_str()
            ))
            .await?;
        let fields: Vec<TicketField> = take_list(&mut answer.body, "ticket_fields");
        let forms: Vec<TicketForm> = take_list(&mut answer.body, "ticket_forms");
        Ok(join_form_fields(forms, &fields))
    }

    /// `GET /api/v2/ticket_fields?locale=…`, following `next_page` (at most 10 pages) and
    /// keeping the fields visible to end users.
    pub async fn ticket_fields(&self, locale: Option<&str>) -> Result<Vec<TicketField>, ApiError> {
        const MAX_PAGES: u32 = 10;
        let mut fields = Vec::new();
        let mut page = PageRequest::first_offset(100);
        for _ in 0..MAX_PAGES {
            let mut query = Query::new();
            query.push_opt("locale", locale);
            page.append_to(&mut query);
            let mut answer = self
                .get_public(format!("/api/v2/ticket_fields.json{}", query.as_str()))
                .await?;
            let decoded = decode_page::<TicketField>(&mut answer.body, "ticket_fields", &page);
            fields.extend(
                decoded
                    .items
                    .into_iter()
                    .filter(|field| field.visible_in_portal),
            );
            match decoded.next {
                Some(next) => page = next,
                None => break,
            }
        }
        Ok(fields)
    }
}
