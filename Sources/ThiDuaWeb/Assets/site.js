// ThiDua's only script. Every page works without it; it only saves a round trip:
// "Thêm việc làm" adds a row in place, the meeting's quorum updates as attendees are ticked,
// and an error summary takes the focus so that a screen reader reads it first.
(function () {
  "use strict";
  function nextIndex(form) {
    var max = -1;
    form.querySelectorAll("[name^='items[']").forEach(function (field) {
      var match = /^items\[(\d+)\]/.exec(field.name);
      if (match) { max = Math.max(max, parseInt(match[1], 10)); }
    });
    return max + 1;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-item]");
    if (!button) { return; }
    var fieldset = button.closest("fieldset");
    var rows = fieldset.querySelectorAll("[data-item]");
    if (!rows.length) { return; }
    event.preventDefault();
    var index = nextIndex(button.form);
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll(".field-error").forEach(function (element) { element.remove(); });
    row.querySelectorAll(".invalid").forEach(function (element) { element.classList.remove("invalid"); });
    row.querySelectorAll("input, textarea, label").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) { element.setAttribute(attribute, value.replace(/items\[\d+\]/, "items[" + index + "]").replace(/item-\d+-/, "item-" + index + "-")); }
      });
      element.removeAttribute("aria-invalid");
      element.removeAttribute("aria-describedby");
      if (element.tagName === "TEXTAREA") { element.value = ""; }
    });
    button.parentNode.insertBefore(row, button);
    var first = row.querySelector("textarea");
    if (first) { first.focus(); }
  });
  function updateQuorum() {
    var box = document.querySelector("[data-quorum]");
    if (!box) { return; }
    var eligible = parseInt(box.getAttribute("data-eligible"), 10) || 0;
    var present = document.querySelectorAll("[data-attendee]:checked").length;
    var met = eligible > 0 && present * 3 > eligible * 2;
    box.textContent = "Có mặt " + present + " / " + eligible + " đảng viên: " + (met ? "đủ" : "chưa đủ") + " số lượng để họp (trên 2/3).";
    box.classList.toggle("short", !met);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-attendee]")) { updateQuorum(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus]");
    if (summary) { summary.focus(); }
  });
})();
