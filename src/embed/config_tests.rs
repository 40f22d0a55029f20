//! Tests of `config.rs`: the host's options into a `Config`.

use super::*;

fn from_json(json: &str) -> Result<(Config, Vec<String>), ConfigError> {
    Config::from_options(Options::from_json(json)?)
}

fn parse(json: &str) -> Result<Config, ConfigError> {
    from_json(json).map(|(config, _)| config)
}

#[test]
fn subdomain_becomes_zendesk_origin_with_defaults() {
    let config = parse(r#"{"subdomain":"Acme"}"#).unwrap();
    assert_eq!(
        config.zendesk_origin.as_string(),
        "https://acme.zendesk.com"
    );
    assert_eq!(config.mode, Mode::Launcher);
    assert_eq!(config.view, View::Contact);
    assert_eq!(config.theme, Theme::Auto);
    assert_eq!(config.position, Position::BottomRight);
    assert!(config.ticket_form_ids.is_empty());
}

#[test]
fn base_url_accepts_https_and_local_http_only() {
    assert_eq!(
        parse(r#"{"baseUrl":"https://help.example.com/"}"#)
            .unwrap()
            .zendesk_origin
            .as_string(),
        "https://help.example.com"
    );
    assert_eq!(
        parse(r#"{"baseUrl":"http://127.0.0.1:4010"}"#)
            .unwrap()
            .zendesk_origin
            .as_string(),
        "http://127.0.0.1:4010"
    );
    assert_eq!(
        parse(r#"{"baseUrl":"http://localhost:4010"}"#)
            .unwrap()
            .zendesk_origin
            .as_string(),
        "http://localhost:4010"
    );
    for bad in [
        "http://help.example.com",
        "ftp://help.example.com",
        "https://help.example.com/hc/en-us",
        "https://user@help.example.com",
        "https://help.example.com:port",
        "help.example.com",
        "https://",
    ] {
        let json = format!(r#"{{"baseUrl":"{bad}"}}"#);
        assert_eq!(
            parse(&json),
            Err(ConfigError::InvalidBaseUrl(bad.into())),
            "{bad}"
        );
    }
}

#[test]
fn account_must_be_given_exactly_once() {
    assert_eq!(parse("{}"), Err(ConfigError::MissingAccount));
    assert_eq!(
        parse(r#"{"subdomain":"  "}"#),
        Err(ConfigError::MissingAccount)
    );
    assert_eq!(
        parse(r#"{"subdomain":"acme","baseUrl":"https://a.example"}"#),
        Err(ConfigError::BothAccountKeys)
    );
}

#[test]
fn subdomain_rejects_hosts_and_urls() {
    for bad in [
        "acme.zendesk.com",
        "https://acme",
        "-acme",
        "acme_1",
        "ac me",
    ] {
        let json = format!(r#"{{"subdomain":"{bad}"}}"#);
        assert_eq!(
            parse(&json),
            Err(ConfigError::InvalidSubdomain(bad.into())),
            "{bad}"
        );
    }
}

#[test]
fn enumerated_options_are_checked_exactly() {
    // The loader and the stylesheet match the exact words: "Dark" would be half applied.
    let err = parse(r#"{"subdomain":"acme","mode":"INLINE"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`mode` must be one of \"launcher\" or \"inline\", not \"INLINE\""
    );
    let config = parse(
        r#"{"subdomain":"acme","mode":"inline","view":"tickets","theme":"dark","position":"bottom-left","ticketFormIds":[1,2]}"#,
    )
    .unwrap();
    assert_eq!(config.mode, Mode::Inline);
    assert_eq!(config.view, View::Tickets);
    assert_eq!(config.theme, Theme::Dark);
    assert_eq!(config.position, Position::BottomLeft);
    assert_eq!(config.ticket_form_ids, vec![1, 2]);
    let err = parse(r#"{"subdomain":"acme","theme":"purple"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`theme` must be one of \"auto\", \"light\" or \"dark\", not \"purple\""
    );
}

#[test]
fn unknown_keys_are_reported_not_fatal() {
    let (_, unknown) =
        from_json(r#"{"subdomain":"acme","subDomian":"x","getAccessToken":null,"prefill":{}}"#)
            .unwrap();
    assert_eq!(unknown, vec!["subDomian".to_owned()]);
}

#[test]
fn absent_attributes_arrive_as_null_and_mean_not_set() {
    // The loader sends every attribute it watches, null when the element lacks it.
    let (config, unknown) = from_json(
        r#"{"subdomain":null,"baseUrl":"https://support.example.com","locale":null,
            "mode":null,"view":null,"theme":null,"position":null}"#,
    )
    .unwrap();
    assert_eq!(unknown, Vec::<String>::new());
    assert_eq!(config.locale, None);
    assert_eq!(config.mode, Mode::Launcher);
    assert_eq!(config.view, View::Contact);
    assert_eq!(config.theme, Theme::Auto);
    assert_eq!(config.position, Position::BottomRight);
}

#[test]
fn retention_days_are_an_option() {
    let config = parse(r#"{"subdomain":"acme","retention":{"receipts":7}}"#).unwrap();
    assert_eq!(config.retention.receipts_days, 7);
    assert_eq!(
        config.retention.drafts_days,
        Retention::default().drafts_days
    );
    let error = parse(r#"{"subdomain":"acme","retention":{"receipt":7}}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("`retention`: unknown kind"),
        "{error}"
    );
}

#[test]
fn options_of_the_wrong_shape_are_a_clear_error() {
    assert_eq!(parse("[]"), Err(ConfigError::NotAnObject));
    let err = parse(r#"{"subdomain":"acme","locale":5}"#).unwrap_err();
    assert_eq!(err.to_string(), "`locale` must be a string, not number `5`");
}

#[test]
fn options_given_as_attribute_text_are_understood() {
    let (config, _) = from_json(
        r#"{"subdomain":"acme","ticketFormIds":" 10, 12 ","anonymousReceipts":"false",
            "emailCcs":"true","satisfactionRatings":"false",
            "prefill":"{\"name\":\"Ada\",\"lockName\":true}"}"#,
    )
    .unwrap();
    assert_eq!(config.ticket_form_ids, vec![10, 12]);
    assert!(!config.anonymous_receipts && config.email_ccs && !config.satisfaction_ratings);
    assert_eq!(config.prefill.name.as_deref(), Some("Ada"));
    assert!(config.prefill.lock_name);
    let (config, _) = from_json(r#"{"subdomain":"acme","ticketFormIds":"[10,12]"}"#).unwrap();
    assert_eq!(config.ticket_form_ids, vec![10, 12]);
    for (json, needle) in [
        (
            r#"{"subdomain":"acme","ticketFormIds":"10, x"}"#,
            "ticketFormIds",
        ),
        (
            r#"{"subdomain":"acme","ticketFormIds":[10,"x"]}"#,
            "ticketFormIds",
        ),
        (r#"{"subdomain":"acme","emailCcs":"no"}"#, "true or false"),
        (r#"{"subdomain":"acme","prefill":"{oops"}"#, "JSON text"),
    ] {
        let error = parse(json).unwrap_err().to_string();
        assert!(error.contains(needle), "{json}: {error}");
    }
}

#[test]
fn prefill_is_parsed_with_field_values_of_every_shape() {
    let (config, unknown) = from_json(
        r#"{"subdomain":"acme","prefill":{"name":" Ada ","email":"ada@example.com",
            "fields":{"21":"late","22":true,"23":["phone","laptop"],"24":12,"25":null},
            "lockEmail":true,"hidePrefilledFields":true}}"#,
    )
    .unwrap();
    assert!(unknown.is_empty());
    let prefill = config.prefill;
    assert_eq!(prefill.name.as_deref(), Some("Ada"));
    assert!(prefill.lock_email && !prefill.lock_name && prefill.hide_prefilled_fields);
    assert_eq!(prefill.fields[&21], Answer::Text("late".into()));
    assert_eq!(prefill.fields[&22], Answer::Flag(true));
    assert_eq!(
        prefill.fields[&23],
        Answer::Tags(vec!["phone".into(), "laptop".into()])
    );
    assert_eq!(prefill.fields[&24], Answer::Text("12".into()));
    assert!(
        prefill.fields.get(&25).is_none(),
        "null (a host's undefined) is not given"
    );
    assert!(config.anonymous_receipts);
    assert!(
        config.email_ccs && config.satisfaction_ratings,
        "on unless turned off"
    );
}

#[test]
fn ccs_and_ratings_can_be_turned_off() {
    let (config, unknown) =
        from_json(r#"{"subdomain":"acme","emailCcs":false,"satisfactionRatings":false}"#).unwrap();
    assert!(unknown.is_empty());
    assert!(!config.email_ccs && !config.satisfaction_ratings);
    assert!(matches!(
        from_json(r#"{"subdomain":"acme","emailCcs":"no"}"#),
        Err(ConfigError::UnknownValue {
            key: "emailCcs",
            ..
        })
    ));
}

#[test]
fn bad_prefill_says_what_is_wrong() {
    for (json, needle) in [
        (
            r#"{"subdomain":"acme","prefill":"Ada"}"#,
            "must be an object",
        ),
        (
            r#"{"subdomain":"acme","prefill":{"name":3}}"#,
            "`name` must be a string",
        ),
        (
            r#"{"subdomain":"acme","prefill":{"fields":{"x":"1"}}}"#,
            "not a number",
        ),
        (
            r#"{"subdomain":"acme","prefill":{"fields":[1]}}"#,
            "`fields` must be an object",
        ),
    ] {
        let error = from_json(json).unwrap_err().to_string();
        assert!(error.contains(needle), "{json}: {error}");
    }
}
