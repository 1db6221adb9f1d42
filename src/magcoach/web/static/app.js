// magcoach: a little plain JavaScript for the live parts. Every form works without it:
// the food form posts as typed and the page then offers the alternatives.
"use strict";
document.documentElement.classList.add("js");

(function () {
  const WAIT_MS = 150;

  // Debounced JSON calls; a newer call aborts the one before it.
  function live(fn) {
    let timer = null;
    let controller = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (controller) controller.abort();
        controller = new AbortController();
        fn(controller.signal, ...args);
      }, WAIT_MS);
    };
  }

  // Shared mode: every change carries the session's CSRF token (the page's meta tag).
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');

  async function getJSON(url, options) {
    if (csrfMeta && options && options.method && options.method !== "GET") {
      options.headers = Object.assign({}, options.headers, { "X-CSRF-Token": csrfMeta.content });
    }
    const response = await fetch(url, options);
    const body = await response.json();
    return { ok: response.ok, body };
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function mg(value) {
    return value === null || value === undefined ? "magnesium unknown" : Math.round(value) + " mg";
  }

  // ------------------------------------------------ Today: log food, read as you type
  const foodText = document.getElementById("food-text");
  if (foodText) {
    const preview = document.getElementById("food-preview");
    const pick = document.getElementById("food-pick");
    const grams = document.getElementById("food-grams");
    let gramsTyped = grams.value !== "";

    const showPreview = live(async (signal) => {
      const text = foodText.value.trim();
      if (text.length < 2) {
        preview.replaceChildren();
        return;
      }
      const request = { text };
      if (pick.value) request.pick = Number(pick.value);
      if (gramsTyped && grams.value) request.grams = Number(grams.value);
      let result;
      try {
        result = await getJSON("/api/foods/parse", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(request),
          signal,
        });
      } catch (error) {
        if (error.name !== "AbortError") preview.replaceChildren();
        return;
      }
      if (!result.ok) {
        preview.replaceChildren(el("p", { class: "preview", role: "status" }, result.body.message));
        return;
      }
      renderParsed(result.body);
    });

    function renderParsed(parsed) {
      const amount = parsed.unit ? `${parsed.quantity} ${parsed.unit}` : `${parsed.quantity}`;
      const summary = el(
        "p",
        { id: "food-understood" },
        el("strong", {}, "Understood: "),
        `${amount} → ${Math.round(parsed.grams)} g of ${parsed.food.description} · `,
        el("strong", { id: "food-preview-mg" }, mg(parsed.magnesium_mg))
      );
      const box = el("div", { class: "preview" }, summary);
      if (parsed.confidence && parsed.confidence !== "high") {
        box.append(el("p", { class: "hint" }, `A ${parsed.confidence} match: check it. ${parsed.notes.join(" ")}`));
      }
      if (!gramsTyped) grams.placeholder = `${Math.round(parsed.grams)} (from the amount)`;
      if (parsed.alternatives.length) {
        const group = el("fieldset", { id: "food-alternatives" }, el("legend", {}, "Not this food? Pick another"));
        const choices = [{ description: parsed.food.description, index: "", best: !pick.value }];
        parsed.alternatives.forEach((alt, i) => choices.push({ description: alt.description, index: String(i + 1), per100: alt.magnesium_mg_per_100g }));
        if (pick.value) choices[0].description = "the first match";
        for (const choice of choices) {
          const id = `pick-${choice.index || "best"}`;
          const input = el("input", { type: "radio", name: "pick-choice", id, value: choice.index, checked: choice.index === pick.value });
          input.addEventListener("change", () => {
            pick.value = input.value;
            showPreview();
          });
          const label = el("label", { class: "check", for: id }, input, choice.description + (choice.per100 != null ? ` (${Math.round(choice.per100)} mg/100 g)` : ""));
          group.append(label);
        }
        box.append(group);
      }
      preview.replaceChildren(box);
    }

    foodText.addEventListener("input", () => {
      pick.value = "";
      showPreview();
    });
    grams.addEventListener("input", () => {
      gramsTyped = grams.value !== "";
      showPreview();
    });
    if (foodText.value) showPreview();
  }

  // ------------------------------------------------ Foods: look a food up as you type
  const lookup = document.getElementById("lookup");
  if (lookup) {
    const list = document.getElementById("lookup-results");
    const search = live(async (signal) => {
      const q = lookup.value.trim();
      if (q.length < 2) {
        list.replaceChildren();
        return;
      }
      let result;
      try {
        result = await getJSON(`/api/foods/search?q=${encodeURIComponent(q)}&limit=8`, { signal });
      } catch (error) {
        return;
      }
      if (!result.ok) {
        list.replaceChildren(el("li", {}, result.body.message));
        return;
      }
      list.replaceChildren(
        ...result.body.foods.map((food) => {
          const portion = food.portions[0];
          return el(
            "li",
            {},
            el("span", {}, food.description),
            " ",
            el("span", { class: "mg" }, `${mg(food.magnesium_mg_per_100g)} per 100 g` + (portion ? `; ${portion.description} (${Math.round(portion.grams)} g): ${mg(portion.magnesium_mg)}` : ""))
          );
        })
      );
    });
    lookup.addEventListener("input", search);
  }
})();

// Screening: a "yes" to a sign that needs a doctor ends the questions at once.
document.querySelectorAll("#red-flags input[data-stops]").forEach((input) => {
  input.addEventListener("change", () => {
    if (input.checked) input.form.requestSubmit();
  });
});

// The plan's print button (without JavaScript, the browser's own Print works the same).
const printButton = document.getElementById("print");
if (printButton) printButton.addEventListener("click", () => window.print());

// Your data: upload with a progress bar, then the import's summary (JSON from /api/import).
const importForm = document.getElementById("import-form");
if (importForm) {
  importForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const bar = document.getElementById("import-progress");
    const status = document.getElementById("import-status");
    const button = importForm.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    request.open("POST", "/api/import");
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
      status.textContent = bar.value < 100 ? `Uploading… ${bar.value} %` : "Importing…";
    });
    request.addEventListener("load", () => {
      bar.hidden = true;
      button.disabled = false;
      let body;
      try {
        body = JSON.parse(request.responseText);
      } catch (error) {
        status.textContent = "The import did not answer; reload the page to see what happened.";
        return;
      }
      if (request.status >= 400) {
        status.textContent = body.message;
        return;
      }
      const parts = [`Imported ${body.imported} of ${body.rows} rows (${body.source}).`];
      if (body.duplicates) parts.push(`${body.duplicates} were already in the diary.`);
      if (body.skipped) parts.push(`${body.skipped} rows skipped.`);
      status.textContent = parts.concat(body.notes).join(" ");
    });
    request.addEventListener("error", () => {
      bar.hidden = true;
      button.disabled = false;
      status.textContent = "The upload failed; check the file and try again.";
    });
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    status.textContent = "Uploading…";
    request.send(new FormData(importForm));
  });
}

// A chart wider than a phone opens at its latest days (the right end).
document.querySelectorAll(".chart-scroll").forEach((box) => {
  const show = () => { box.scrollLeft = box.scrollWidth; };
  const img = box.querySelector("img");
  if (img && !img.complete) img.addEventListener("load", show);
  else show();
});

// Screening: a section asked only after a "yes" (data-when names that question) stays hidden
// until then. Without JavaScript it shows, and the server leaves it out unless the answer is yes.
document.querySelectorAll("fieldset[data-when]").forEach((section) => {
  const gate = section.dataset.when;
  const radios = document.querySelectorAll(`input[type=radio][name="${gate}"]`);
  const update = () => {
    const yes = [...radios].some((r) => r.checked && r.value === "yes");
    section.hidden = !yes;
  };
  radios.forEach((r) => r.addEventListener("change", update));
  update();
});
