// Split every slide that is taller than the deck into as many slides as it needs, at
// block boundaries (paragraphs, list items, card parts), before reveal.js counts them.
// A projector cannot scroll, and a trainer should not have to: nothing is cut or shrunk.
// Every part keeps the speaker notes; later parts repeat the heading, "continued".
function exlFitSlides(width, height, continued = "(continued)") {
  // Never split inside these: a warning box or a caution is read as one.
  const WHOLE = "li, tr, table, svg, .exl-level, .exl-caution, .exl-feel, .exl-stop";
  // The least a slide made by a split carries at the end, as a share of the slide's height.
  const MIN_LAST = 0.3;
  const slides = document.querySelector(".reveal .slides");
  if (!slides) return;
  Object.assign(slides.style, { width: width + "px", height: height + "px" });
  const sections = [...slides.querySelectorAll(":scope > section > section, :scope > section:not(.stack)")]
    .filter((s) => !s.querySelector(":scope > section"));
  for (const section of sections) fitSection(section);
  slides.style.removeProperty("width");
  slides.style.removeProperty("height");

  // Laid out but unseen while measured; a vertical stack's outer section must show too.
  function show(section, on) {
    for (const el of [section, section.parentElement.closest("section")]) {
      if (!el) continue;
      el.style.display = on ? "block" : "";
      el.style.visibility = on ? "hidden" : "";
    }
  }

  // A little room to spare: text in columns settles a few pixels taller once balanced.
  function tooTall(section) {
    return section.scrollHeight > height - 16;
  }

  // A heading, or a paragraph that is only bold text, belongs with what follows it.
  function isHeading(el) {
    if (el.matches("h1, h2, h3, h4, h5, h6")) return true;
    const strong = el.querySelector(":scope > strong");
    return el.tagName === "P" && strong !== null && strong.textContent.trim() === el.textContent.trim();
  }

  function blocks(el) {
    // A summary is not a piece: every copy of its <details> brings one (see shell).
    // Speaker notes are not shown on the slide; a lesson's safety footer is, and may split.
    // JupyterLab's collapsers and prompts are chrome as tall as their cell: never a piece.
    return [...el.children].filter(
      (c) =>
        !["STYLE", "SCRIPT", "SUMMARY"].includes(c.tagName) &&
        !c.matches("aside.notes, .jp-Collapser, .jp-InputPrompt, .jp-OutputPrompt"),
    );
  }

  // The pieces to lay out: an element up to half a slide tall stays whole, so a piece
  // and the heading above it always fit on a fresh slide; a taller one is opened up.
  function units(el) {
    const kids = blocks(el);
    const tall = el.getBoundingClientRect().height;
    const small = tall <= height * 0.5;
    // A whole box stays whole unless it could never fit on one slide.
    const whole = el.matches(WHOLE) && tall <= height * 0.85;
    if (small || kids.length === 0 || whole) return [el];
    return kids.flatMap((kid) => units(kid));
  }

  // An empty copy of an ancestor for the next slide; a <details> keeps its summary.
  function shell(el) {
    const copy = el.cloneNode(false);
    copy.removeAttribute("id");
    const summary = el.tagName === "DETAILS" && el.querySelector(":scope > summary");
    if (summary) copy.appendChild(summary.cloneNode(true));
    return copy;
  }

  function fitSection(section) {
    show(section, true);
    if (!tooTall(section)) return show(section, false);
    const heading = section.querySelector("h1, h2");
    const pieces = blocks(section).flatMap((cell) => units(cell));
    // Each piece remembers its ancestors up to the section, to rebuild them in a new slide.
    // A numbered list carried onto the next slide keeps counting (9, 10…, not 1, 2…).
    const numbers = new Map(
      pieces.filter((p) => p.tagName === "LI").map((p) => [p, [...p.parentElement.children].indexOf(p) + 1]),
    );
    const chains = pieces.map((p) => {
      const chain = [];
      for (let a = p.parentElement; a !== section; a = a.parentElement) chain.unshift(a);
      return chain;
    });
    // Measured while still in place, to see how much is left to come at each break.
    const sizes = pieces.map((p) => p.getBoundingClientRect().height);
    for (const p of pieces) p.remove();
    for (const cell of blocks(section)) cell.remove();
    let current = section;
    let clones = new Map();
    let here = []; // indexes of the pieces on the current slide

    function place(i) {
      let parent = current;
      for (const a of chains[i]) {
        if (!clones.has(a)) {
          const copy = shell(a);
          if (copy.tagName === "OL" && numbers.has(pieces[i])) copy.start = numbers.get(pieces[i]);
          parent.appendChild(copy);
          clones.set(a, copy);
        }
        parent = clones.get(a);
      }
      parent.appendChild(pieces[i]);
      here.push(i);
    }

    function newSlide() {
      show(current, false);
      const next = section.cloneNode(false);
      next.removeAttribute("id");
      current.after(next);
      current = next;
      show(current, true);
      clones = new Map();
      here = [];
      // The trainer needs the slide's notes on every part of it, not just the first.
      for (const notes of section.querySelectorAll(":scope > aside.notes")) {
        current.appendChild(notes.cloneNode(true));
      }
      if (heading) {
        const again = heading.cloneNode(true);
        again.classList.add("exl-continued");
        again.dataset.continued = continued; // the deck's language: "(continuación)"
        again.removeAttribute("id");
        current.appendChild(again);
      }
    }

    pieces.forEach((piece, i) => {
      place(i);
      if (!tooTall(current) || here.length === 1) return;
      // Over the edge: this piece, and any heading just above it, start the next slide.
      const carry = [here.pop()];
      // A last slide with a line or two under "(continued)" reads as a mistake: when
      // little is left to come, take more along so the two slides share it.
      const left = () => carry.concat(pieces.slice(i + 1).map((_p, k) => i + 1 + k))
        .reduce((sum, j) => sum + sizes[j], 0);
      // …but never so much that the next slide overflows. The measured heights leave out
      // margins, a box's frame and the repeated heading: keep 40 % of the slide for those.
      const room = (height - 16) * 0.6;
      const fits = (j) => carry.reduce((sum, k) => sum + sizes[k], sizes[j]) <= room;
      while (here.length > 1 && left() < height * MIN_LAST && fits(here[here.length - 1])) {
        carry.unshift(here.pop());
      }
      while (here.length > 1 && isHeading(pieces[here[here.length - 1]])) carry.unshift(here.pop());
      for (const j of carry) pieces[j].remove();
      // A box whose first piece moved on would stay behind as an empty frame.
      for (const copy of [...clones.values()].reverse()) {
        if (!copy.textContent.trim() && !copy.querySelector("img, svg")) copy.remove();
      }
      newSlide();
      for (const j of carry) place(j);
    });
    show(current, false);
  }
}
