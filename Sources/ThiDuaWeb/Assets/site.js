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
// The ward's decision: the quota follows the grades as they are chosen, a grade that departs
// from the cell's proposal asks for its reason, and a decision over the quota is stopped
// before it is sent (the server refuses it too).
(function () {
  "use strict";
  var form = document.querySelector("[data-quota-form]");
  var line = document.querySelector("[data-quota]");
  if (!form || !line) { return; }
  var percent = parseFloat(line.getAttribute("data-percent")) || 0;
  var live = document.getElementById("quota-live");
  function counts() {
    var excellent = 0, good = 0;
    form.querySelectorAll("[data-grade]").forEach(function (select) {
      if (select.value === "HTXSNV") { excellent += 1; }
      if (select.value === "HTTNV") { good += 1; }
    });
    return { excellent: excellent, maximum: Math.floor(good * percent / 100) };
  }
  function update() {
    var c = counts();
    line.textContent = "Hoàn thành xuất sắc: " + c.excellent + " / tối đa " + c.maximum;
    line.classList.toggle("short", c.excellent > c.maximum);
    return c;
  }
  form.addEventListener("change", function (event) {
    var select = event.target.closest("[data-grade]");
    if (!select) { return; }
    var box = document.querySelector("[data-reason-box='" + select.getAttribute("data-reason") + "']");
    var proposal = select.getAttribute("data-proposal");
    if (box) { box.hidden = !(proposal && select.value && select.value !== proposal); }
    update();
  });
  form.addEventListener("submit", function (event) {
    var c = update();
    if (c.excellent > c.maximum) {
      event.preventDefault();
      live.hidden = false;
      live.textContent = "Hoàn thành xuất sắc: " + c.excellent + " / tối đa " + c.maximum + ", vượt " + percent +
        "% số Hoàn thành tốt nhiệm vụ. Giảm số xếp loại Hoàn thành xuất sắc rồi ban hành lại.";
      line.scrollIntoView();
    }
  });
})();
