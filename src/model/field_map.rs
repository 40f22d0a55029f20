//! Values by field id, kept in id order: what the contact form holds per custom field
//! (answers, problems, prefill).
//!
//! A `BTreeMap<u64, V>` would do the same job, but each value type compiles its own copy of
//! the B-tree's node code (insert, remove, rebalancing, iteration: 5–6 KB of wasm per type).
//! A form has a few dozen fields at most, so two sorted vectors do as well: the id search is
//! one function shared by every value type, and the rest is `Vec`'s own code.

use serde::ser::{Serialize, Serializer};

/// Values by field id, iterated in id order, each id at most once.
///
/// ```
/// use support_widget::model::field_map::FieldMap;
/// let mut answers = FieldMap::new();
/// answers.insert(12, "b");
/// answers.insert(10, "a");
/// assert_eq!(answers.insert(12, "c"), Some("b"));
/// assert_eq!(answers.iter().collect::<Vec<_>>(), [(&10, &"a"), (&12, &"c")]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap<V> {
    ids: Vec<u64>,
    values: Vec<V>,
}

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap::new()
    }
}

/// Where `id` is in `ids` (sorted), or where it would go.
fn position(ids: &[u64], id: u64) -> Result<usize, usize> {
    ids.binary_search(&id)
}

impl<V> FieldMap<V> {
    /// No values.
    pub const fn new() -> Self {
        FieldMap {
            ids: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Sets the value of `id`, returning the one it replaces.
    pub fn insert(&mut self, id: u64, value: V) -> Option<V> {
        match position(&self.ids, id) {
            Ok(at) => Some(std::mem::replace(&mut self.values[at], value)),
            Err(at) => {
                self.ids.insert(at, id);
                self.values.insert(at, value);
                None
            }
        }
    }

    /// The value of `id`.
    pub fn get(&self, id: &u64) -> Option<&V> {
        position(&self.ids, *id).ok().map(|at| &self.values[at])
    }

    /// The value of `id`, to change in place.
    pub fn get_mut(&mut self, id: &u64) -> Option<&mut V> {
        position(&self.ids, *id).ok().map(|at| &mut self.values[at])
    }

    /// Takes the value of `id` out.
    pub fn remove(&mut self, id: &u64) -> Option<V> {
        let at = position(&self.ids, *id).ok()?;
        self.ids.remove(at);
        Some(self.values.remove(at))
    }

    /// Whether `id` has a value.
    pub fn contains_key(&self, id: &u64) -> bool {
        position(&self.ids, *id).is_ok()
    }

    /// How many ids have a value.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no id has a value.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Ids and values, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&u64, &V)> {
        self.ids.iter().zip(&self.values)
    }

    /// The ids, in order.
    pub fn keys(&self) -> impl Iterator<Item = &u64> {
        self.ids.iter()
    }
}

impl<V> Extend<(u64, V)> for FieldMap<V> {
    fn extend<I: IntoIterator<Item = (u64, V)>>(&mut self, pairs: I) {
        for (id, value) in pairs {
            self.insert(id, value);
        }
    }
}

impl<V> FromIterator<(u64, V)> for FieldMap<V> {
    fn from_iter<I: IntoIterator<Item = (u64, V)>>(pairs: I) -> Self {
        let mut map = FieldMap::new();
        map.extend(pairs);
        map
    }
}

impl<V, const N: usize> From<[(u64, V); N]> for FieldMap<V> {
    fn from(pairs: [(u64, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<V> IntoIterator for FieldMap<V> {
    type Item = (u64, V);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<u64>, std::vec::IntoIter<V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.ids.into_iter().zip(self.values)
    }
}

/// `map[&id]`, which panics when `id` has no value, as a `BTreeMap`'s index does.
impl<V> std::ops::Index<&u64> for FieldMap<V> {
    type Output = V;

    fn index(&self, id: &u64) -> &V {
        self.get(id).expect("no value for this field id")
    }
}

/// A JSON object keyed by the ids, as a `BTreeMap<u64, V>` would serialize. The ids are
/// written as strings: serde_json turns integer keys into strings itself, serde-wasm-bindgen
/// (which writes JSON in the browser, `api::json`) refuses them as object keys.
impl<V: Serialize> Serialize for FieldMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(id, value)| (id.to_string(), value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ids_in_order_and_each_once() {
        let mut map = FieldMap::new();
        for (id, value) in [(30, "c"), (10, "a"), (20, "b"), (10, "A")] {
            map.insert(id, value);
        }
        assert_eq!(map.len(), 3);
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [10, 20, 30]);
        assert_eq!(map.get(&10), Some(&"A"));
        assert_eq!(map.get(&15), None);
    }

    #[test]
    fn removes_and_reports_what_it_had() {
        let mut map = FieldMap::from([(1, 'x'), (2, 'y')]);
        assert_eq!(map.remove(&1), Some('x'));
        assert_eq!(map.remove(&1), None);
        assert!(!map.contains_key(&1));
        assert!(map.contains_key(&2));
        assert_eq!(map.into_iter().collect::<Vec<_>>(), [(2, 'y')]);
    }

    #[test]
    fn equal_whatever_the_insertion_order() {
        let a: FieldMap<u8> = [(2, 0), (1, 0)].into_iter().collect();
        let b = FieldMap::from([(1, 0), (2, 0)]);
        assert_eq!(a, b);
        assert!(FieldMap::<u8>::default().is_empty());
    }

    #[test]
    fn serializes_as_an_object_keyed_by_id() {
        let map = FieldMap::from([(12, true), (3, false)]);
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"3":false,"12":true}"#
        );
    }
}
