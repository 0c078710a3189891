{% comment %}The dashboard's start-up script (Oscar's dashboard layout's, run by the nonce-carrying script of
oscar/base.html, before a page's own lines), with two fixes:
- TinyMCE under its open-source licence: TinyMCE 7 logs "running in evaluation mode" without a
  ``license_key``, and "gpl" is the key of its GPL build, which Oscar ships;
- Oscar 4's order page (oscar/dashboard/orders/order_detail.html, and any override of it that keeps its
  script) calls ``oscar.dashboard.orders.initTable()``, which Oscar 4's dashboard.js no longer defines:
  the TypeError stopped the page's script. It did nothing the page still needs, so it is defined as
  nothing here, the one place every dashboard page runs.{% endcomment %}
var url = document.location.toString();
if (url.match('#')) {
    $('.bs-docs-sidenav a[href="#' + url.split('#')[1] + '"]').tab('show');
}
$('.nav-list a').on('shown.bs.tab', function (e) {
    window.location.hash = e.target.hash;
});
oscar.dashboard.orders.initTable = oscar.dashboard.orders.initTable || function () {};
oscar.dashboard.init({
    'languageCode': '{{ LANGUAGE_CODE|escapejs }}',
    'tinyConfig': {'license_key': 'gpl'}
});
