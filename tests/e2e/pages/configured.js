// `init` through the documented queue, with every query-string parameter of the page as a
// config option (`?theme=dark&locale=ar&view=tickets`), so one page serves every theme test.
window.SupportWidget = window.SupportWidget || function () {
  (SupportWidget.q = SupportWidget.q || []).push(arguments);
};
SupportWidget('init', {
  baseUrl: new URL(document.currentScript.src).searchParams.get('sim'),
  ...Object.fromEntries(new URLSearchParams(location.search)),
});
