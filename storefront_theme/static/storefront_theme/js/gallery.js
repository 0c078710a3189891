/* The product page's gallery (otop/partials/gallery.html): the small photos scroll the row to
   their photo, the current one is marked as it is swiped, and on a desktop (a fine pointer that can
   hover) a click on the photo zooms it in, following the pointer, and a second click zooms out.
   Without this script the row still swipes and the photo links to its large version. */
(function () {
  "use strict";
  var desktop = window.matchMedia("(hover: hover) and (pointer: fine)");

  function setUp(gallery) {
    var track = gallery.querySelector(".otop-gallery__track");
    var slides = Array.prototype.slice.call(gallery.querySelectorAll(".otop-gallery__slide"));
    var thumbs = Array.prototype.slice.call(gallery.querySelectorAll("[data-slide]"));

    function current() {
      return Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
    }
    function mark() {
      var index = current();
      thumbs.forEach(function (thumb, n) {
        if (n === index) { thumb.setAttribute("aria-current", "true"); } else { thumb.removeAttribute("aria-current"); }
      });
    }
    thumbs.forEach(function (thumb) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();  // scroll the row only, not the page
        track.scrollTo({left: Number(thumb.dataset.slide) * track.clientWidth});
      });
    });
    track.addEventListener("scroll", mark, {passive: true});

    slides.forEach(function (slide) {
      var link = slide.querySelector("[data-zoom]");
      var img = link && link.querySelector("img");
      if (!img) { return; }
      function follow(event) {
        var box = img.getBoundingClientRect();
        var x = ((event.clientX - box.left) / box.width) * 100, y = ((event.clientY - box.top) / box.height) * 100;
        img.style.transformOrigin = Math.min(Math.max(x, 0), 100) + "% " + Math.min(Math.max(y, 0), 100) + "%";
      }
      link.addEventListener("click", function (event) {
        if (!desktop.matches) { return; }  // phones open the large photo
        event.preventDefault();
        follow(event);
        if (!slide.classList.contains("is-zoomed")) {
          Array.prototype.forEach.call(link.querySelectorAll("source, img"), function (candidate) {
            candidate.sizes = "200vw";  // the larger thumbnail while zoomed
          });
        }
        slide.classList.toggle("is-zoomed");
      });
      link.addEventListener("mousemove", function (event) {
        if (slide.classList.contains("is-zoomed")) { follow(event); }
      });
      link.addEventListener("mouseleave", function () { slide.classList.remove("is-zoomed"); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setUp);
})();
