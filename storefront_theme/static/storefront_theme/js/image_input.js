/* The dashboard's image fields without inline handlers (the Content-Security-Policy refuses them):
   when a chosen picture's preview loads, its upload button hides; when it cannot be shown, the button
   comes back. One listener for the page, however many image fields include this file. */
(function () {
    if (window.otopImageInput) return;
    window.otopImageInput = true;
    function button(image) {  // its sibling (the dashboard renumbers ids when it adds an image field)
        return image.parentNode.querySelector("button[id^='upload_button_']");
    }
    document.addEventListener("load", function (event) {
        var image = event.target;
        if (image.dataset && image.dataset.unrecognised && image.getAttribute("src") && button(image)) {
            button(image).style.display = "none";
        }
    }, true);
    document.addEventListener("error", function (event) {
        var image = event.target;
        if (image.dataset && image.dataset.unrecognised && image.getAttribute("src") && button(image)) {
            button(image).style.display = "";
            window.alert(image.dataset.unrecognised);
        }
    }, true);
})();
