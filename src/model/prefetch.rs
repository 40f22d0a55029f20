//! When code the visitor may need later is fetched ahead: never for a visitor whose browser
//! asks to save data or reports a 2G connection (the loader's idle prefetch keeps the same
//! rule for the first-use files).

/// What the browser says of the connection (`navigator.connection`, where it exists).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    /// `saveData`: the visitor asked for less data.
    pub save_data: bool,
    /// `effectiveType`: `"slow-2g"`, `"2g"`, `"3g"` or `"4g"`; `None` where not reported.
    pub effective_type: Option<String>,
}

impl Connection {
    /// Whether to fetch ahead what the visitor hasn't asked for yet.
    ///
    /// ```
    /// use support_widget::model::prefetch::Connection;
    ///
    /// assert!(Connection::default().may_prefetch());
    /// let slow = Connection { save_data: false, effective_type: Some("slow-2g".into()) };
    /// assert!(!slow.may_prefetch());
    /// ```
    pub fn may_prefetch(&self) -> bool {
        !self.save_data && !matches!(self.effective_type.as_deref(), Some("2g" | "slow-2g"))
    }
}

#[cfg(test)]
mod tests {
    use super::Connection;

    #[test]
    fn fetches_ahead_unless_saving_data_or_on_2g() {
        let on = |save_data: bool, effective_type: Option<&str>| Connection {
            save_data,
            effective_type: effective_type.map(str::to_owned),
        };
        let cases = [
            (on(false, None), true),
            (on(false, Some("4g")), true),
            (on(false, Some("3g")), true),
            (on(false, Some("2g")), false),
            (on(false, Some("slow-2g")), false),
            (on(true, None), false),
            (on(true, Some("4g")), false),
        ];
        for (connection, expected) in cases {
            assert_eq!(connection.may_prefetch(), expected, "{connection:?}");
        }
    }
}
