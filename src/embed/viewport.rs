//! The on-screen keyboard on phones. There the panel is `position: fixed` over the whole
//! layout viewport, but a keyboard only shrinks the *visual* viewport (iOS Safari, and
//! Android Chrome since 108), so the bottom of the panel, with its Send button, would sit
//! under the keyboard. [`VisibleArea`] copies `visualViewport`'s top and height into custom
//! properties of a stylesheet of the widget's own; the stylesheet uses them only on narrow
//! screens.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use web_sys::{
    CssStyleSheet, ScrollIntoViewOptions, ScrollLogicalPosition, ShadowRoot, VisualViewport,
};

/// Events after which the visible part of the page may have moved or changed size.
const EVENTS: [&str; 2] = ["resize", "scroll"];

/// Follows `visualViewport` for one widget until dropped, which removes its listeners and
/// its stylesheet.
pub struct VisibleArea {
    root: ShadowRoot,
    sheet: CssStyleSheet,
    viewport: VisualViewport,
    on_change: Closure<dyn FnMut()>,
}

impl VisibleArea {
    /// Starts following the visual viewport for the widget in `root`; `None` in browsers
    /// without `visualViewport` or constructable stylesheets (the panel then simply fills the
    /// layout viewport).
    pub fn follow(root: &ShadowRoot) -> Option<Self> {
        let viewport = web_sys::window()?.visual_viewport()?;
        let sheet = CssStyleSheet::new().ok()?;
        let update = {
            let (root, sheet, viewport) = (root.clone(), sheet.clone(), viewport.clone());
            // Events come in bursts while a keyboard slides in: restyle only on a change.
            let last = Cell::new(None);
            move || {
                let area = visible_area(&viewport);
                let before = last.replace(area);
                if before == area {
                    return;
                }
                let rule = area.map_or(String::new(), |(top, height)| {
                    format!(":host{{--_visible-top:{top}px;--_visible-height:{height}px}}")
                });
                let _ = sheet.replace_sync(&rule);
                // A keyboard just took space: bring the field being typed in back into view
                // (the browser only scrolls the page, and the panel is fixed over it).
                if let (Some((_, was)), Some((_, now))) = (before, area) {
                    if now < was {
                        if let Some(focused) = root.active_element() {
                            let options = ScrollIntoViewOptions::new();
                            options.set_block(ScrollLogicalPosition::Nearest);
                            focused.scroll_into_view_with_scroll_into_view_options(&options);
                        }
                    }
                }
            }
        };
        update();
        let on_change = Closure::<dyn FnMut()>::new(update);
        for event in EVENTS {
            let _ = viewport
                .add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
        }
        let sheets = root.adopted_style_sheets();
        sheets.push(&sheet);
        root.set_adopted_style_sheets(&sheets);
        Some(VisibleArea {
            root: root.clone(),
            sheet,
            viewport,
            on_change,
        })
    }
}

/// The top and height (whole CSS pixels) of what `viewport` shows, or `None` when it is
/// zoomed in.
///
/// A pinch zoom shrinks the visual viewport as a keyboard does; the panel must then stay
/// where it is, or the user could never zoom into it. At scale 1 a smaller visual viewport
/// means a keyboard (or browser toolbars).
fn visible_area(viewport: &VisualViewport) -> Option<(i32, i32)> {
    // Whole pixels: fractions add nothing here, and integer formatting is smaller than f64's.
    ((viewport.scale() - 1.0).abs() <= 0.01).then(|| {
        (
            viewport.offset_top().round() as i32,
            viewport.height().round() as i32,
        )
    })
}

impl Drop for VisibleArea {
    fn drop(&mut self) {
        for event in EVENTS {
            let _ = self.viewport.remove_event_listener_with_callback(
                event,
                self.on_change.as_ref().unchecked_ref(),
            );
        }
        let mine: &JsValue = self.sheet.as_ref();
        let kept = js_sys::Array::new();
        for sheet in self.root.adopted_style_sheets().iter() {
            if &sheet != mine {
                kept.push(&sheet);
            }
        }
        self.root.set_adopted_style_sheets(&kept);
    }
}
