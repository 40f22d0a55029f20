//! Sorting by a numeric rank through one shared sort.
//!
//! Every `sort_unstable_by_key` call with its own key type and closure compiles its own copy
//! of the standard library's pattern-defeating quicksort, 2–4 KB of wasm each. The widget's
//! orderings (a thread by time, forms by default and position, copied users by id) are all
//! ranks of at most three integers, so they share the one small sort below: the ranks are
//! sorted with their positions, and the items are moved into that order.

/// A sort key of up to three integers, compared in order.
pub type Rank = [u64; 3];

/// `items` ordered by `rank`, smallest first; items of equal rank keep their order.
///
/// ```
/// use support_widget::model::order::sort_by_rank;
/// let mut words = vec!["pear", "fig", "apple"];
/// sort_by_rank(&mut words, |w| [w.len() as u64, 0, 0]);
/// assert_eq!(words, ["fig", "pear", "apple"]);
/// ```
pub fn sort_by_rank<T>(items: &mut Vec<T>, rank: impl Fn(&T) -> Rank) {
    let mut order: Vec<(Rank, usize)> = items.iter().map(&rank).zip(0..).collect();
    sort_ranks(&mut order);
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|(_, at)| taken[at].take()));
}

/// The one sort the orderings share (kept out of line so it is compiled once): an insertion
/// sort, a tenth of the standard sort's code. The lists it gets are short (forms, copied
/// users) or already nearly in order (a thread with a page of comments added at its end),
/// where it does about one comparison per item.
#[inline(never)]
fn sort_ranks(order: &mut [(Rank, usize)]) {
    for end in 1..order.len() {
        let mut at = end;
        while at > 0 && order[at - 1] > order[at] {
            order.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// A signed number as a rank part that orders the same way (`i64::MIN` is 0).
pub fn signed_rank(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_every_part_in_turn() {
        let mut items = vec![(2, 1), (1, 9), (2, 0), (1, 3)];
        sort_by_rank(&mut items, |&(a, b)| [a, b, 0]);
        assert_eq!(items, [(1, 3), (1, 9), (2, 0), (2, 1)]);
    }

    #[test]
    fn keeps_every_item_and_handles_the_empty_list() {
        let mut empty: Vec<String> = Vec::new();
        sort_by_rank(&mut empty, |_| [0; 3]);
        assert!(empty.is_empty());
        let mut names: Vec<String> = ["c", "a", "b"].map(String::from).into();
        sort_by_rank(&mut names, |n| [u64::from(n.as_bytes()[0]), 0, 0]);
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn a_long_list_in_any_order_comes_out_sorted() {
        // A thread of a thousand comments, newest first, then shuffled by a fixed stride.
        let mut items: Vec<u64> = (0..1000).rev().collect();
        sort_by_rank(&mut items, |&n| [n % 7, n, 0]);
        assert!(items
            .windows(2)
            .all(|w| (w[0] % 7, w[0]) < (w[1] % 7, w[1])));
        let mut items: Vec<u64> = (0..1000).map(|i| (i * 389) % 1000).collect();
        sort_by_rank(&mut items, |&n| [n, 0, 0]);
        assert_eq!(items, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn signed_ranks_keep_the_order_of_the_numbers() {
        let numbers = [i64::MIN, -5, -1, 0, 1, 7, i64::MAX];
        let ranks: Vec<u64> = numbers.iter().map(|&n| signed_rank(n)).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    }
}
