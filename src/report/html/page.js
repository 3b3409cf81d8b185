// cargo-seams HTML report: filter box, map zoom and pan, map click-through. Written for this report;
// no library, no network. Marks <body data-js> "ok" once it has run (the browser test reads it).
(function () {
  'use strict';
  var errors = [];
  function mark() {
    document.body.setAttribute('data-js', errors.length ? 'error' : 'ok');
    var box = document.getElementById('js-errors');
    if (box) { box.textContent = errors.join('\n'); }
  }
  window.addEventListener('error', function (e) { errors.push(String(e.message)); mark(); });

  var input = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-k]'));
  var keys = items.map(function (el) { return el.getAttribute('data-k').toLowerCase(); });
  function inSvg(el) { return el.ownerSVGElement !== undefined && el.ownerSVGElement !== null; }
  function apply() {
    var q = input.value.trim().toLowerCase();
    var keep = new Set();
    var hits = 0;
    items.forEach(function (el, i) {
      if (!q || keys[i].indexOf(q) >= 0) {
        hits += 1;
        keep.add(el);
        // Keep and open what encloses a hit, so a module deep in a tree shows.
        for (var up = el.parentElement; up; up = up.parentElement) {
          if (up.hasAttribute('data-k')) { keep.add(up); }
          if (q && up.tagName === 'DETAILS') { up.open = true; }
        }
      }
    });
    items.forEach(function (el) {
      var show = keep.has(el);
      el.classList.toggle(inSvg(el) ? 'dim' : 'hidden', !show);
    });
    count.textContent = q ? hits + ' match' + (hits === 1 ? '' : 'es') : '';
  }
  input.addEventListener('input', apply);
  // `report.html#filter=orders` opens the page filtered (links can share a view).
  var preset = /^#filter=(.*)$/.exec(window.location.hash);
  if (preset) { input.value = decodeURIComponent(preset[1]); apply(); }

  var svg = document.getElementById('map');
  if (svg) {
    var base = parseFloat(svg.getAttribute('width')) || 800;
    var scale = 1;
    function zoom(f) {
      scale = f === 0 ? 1 : Math.max(0.2, Math.min(5, scale * f));
      svg.style.width = (base * scale) + 'px';
      svg.style.height = 'auto';
    }
    document.getElementById('zoom-in').addEventListener('click', function () { zoom(1.25); });
    document.getElementById('zoom-out').addEventListener('click', function () { zoom(0.8); });
    document.getElementById('zoom-reset').addEventListener('click', function () { zoom(0); });
    // Drag to pan (the box scrolls), Ctrl + wheel to zoom.
    var box = svg.parentElement;
    var drag = null;
    var moved = false;
    box.addEventListener('mousedown', function (e) {
      drag = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
      moved = false;
    });
    window.addEventListener('mousemove', function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x;
      var dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
      box.scrollLeft = drag.left - dx;
      box.scrollTop = drag.top - dy;
    });
    window.addEventListener('mouseup', function () { drag = null; });
    box.addEventListener('wheel', function (e) {
      if (e.ctrlKey) { e.preventDefault(); zoom(e.deltaY < 0 ? 1.1 : 0.9); }
    }, { passive: false });
    Array.prototype.forEach.call(svg.querySelectorAll('[data-target]'), function (g) {
      g.addEventListener('click', function () {
        if (moved) { return; }
        var target = document.getElementById(g.getAttribute('data-target'));
        if (target) {
          if (target.tagName === 'DETAILS') { target.open = true; }
          target.scrollIntoView();
          try { history.replaceState(null, '', '#' + target.id); } catch (ignored) { /* file:// may refuse */ }
        }
      });
    });
  }
  mark();
}());
