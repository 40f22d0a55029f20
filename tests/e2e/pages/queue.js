// The documented queue-before-load snippet, then commands issued before the loader exists.
window.SupportWidget = window.SupportWidget || function () {
  (SupportWidget.q = SupportWidget.q || []).push(arguments);
};
window.widgetEvents = [];
SupportWidget('on', 'open', () => window.widgetEvents.push('open'));
SupportWidget('init', { baseUrl: new URL(document.currentScript.src).searchParams.get('sim') });
SupportWidget('open', 'tickets');
