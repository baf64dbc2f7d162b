// In-page helpers for the browser tests, installed into every page with
// Playwright's add_init_script. They read JupyterLab's own objects through
// window.jupyterapp (the server runs with --LabApp.expose_app_in_browser=True)
// and the DOM a student sees. Nothing here changes the notebook.
(() => {
  const WIDGET_MIME = "application/vnd.jupyter.widget-view+json";
  const VEGA_MIME = /^application\/vnd\.vega(lite)?\.v\d+\+json$/;
  const CONTROL_SELECTOR = [
    ".widget-slider .noUi-handle",
    ".widget-toggle-buttons button",
    ".widget-dropdown select",
    ".widget-radio-box input",
    ".widget-checkbox input",
    "button.widget-toggle-button",
  ].join(", ");

  /** The notebook panel in the main area, or null. */
  function panel() {
    const app = window.jupyterapp;
    const widget = app && app.shell && app.shell.currentWidget;
    return widget && widget.content && widget.sessionContext ? widget : null;
  }

  function codeCells() {
    const p = panel();
    return p ? p.content.widgets.filter((cell) => cell.model.type === "code") : [];
  }

  /** Kernel and execution state, polled by the tests while a notebook runs. */
  function state() {
    const p = panel();
    if (!p) return { ready: false };
    const kernel = p.sessionContext.session && p.sessionContext.session.kernel;
    const cells = codeCells().map((cell) => {
      const prompt = cell.node.querySelector(".jp-InputArea-prompt");
      return {
        empty: cell.model.sharedModel.getSource().trim() === "",
        count: cell.model.executionCount,
        running: !!prompt && prompt.textContent.includes("*"),
      };
    });
    return {
      ready: true,
      kernelStatus: kernel ? kernel.status : null,
      kernelId: kernel ? kernel.id : null,
      sessionReady: p.sessionContext.isReady,
      path: p.context.path,
      cells,
    };
  }

  /** The ipywidgets manager of the current notebook, found through a widget renderer. */
  async function widgetManager() {
    for (const cell of codeCells()) {
      for (const child of cell.outputArea.widgets) {
        for (const renderer of child.widgets || []) {
          if (renderer.mimeType === WIDGET_MIME && renderer._manager) {
            return await renderer._manager.promise;
          }
        }
      }
    }
    return null;
  }

  /** True for the model of an Altair JupyterChart (an anywidget with a Vega-Lite spec). */
  function isChartModel(model) {
    return model.get("_model_module") === "anywidget" && "spec" in model.attributes;
  }

  async function chartsInModel(model, manager, seen) {
    if (!model || seen.has(model.model_id)) return 0;
    seen.add(model.model_id);
    if (isChartModel(model)) return 1;
    let n = 0;
    const children = model.get("children");
    if (Array.isArray(children)) {
      for (const child of children) n += await chartsInModel(child, manager, seen);
    }
    const outputs = model.get("outputs"); // ipywidgets Output: what was displayed into it
    if (Array.isArray(outputs)) {
      for (const output of outputs) n += await chartsInData(output.data || {}, manager, seen);
    }
    return n;
  }

  /** How many charts one output's data should draw, whatever renderer produced it. */
  async function chartsInData(data, manager, seen) {
    if (Object.keys(data).some((mime) => VEGA_MIME.test(mime))) return 1;
    const html = data["text/html"];
    const htmlText = Array.isArray(html) ? html.join("") : html || "";
    if (htmlText.includes("vegaEmbed")) return 1; // Altair's html renderer (needs a CDN)
    const view = data[WIDGET_MIME];
    if (view && manager) {
      let model = null;
      try {
        model = await manager.get_model(view.model_id);
      } catch (error) {
        return 0; // reported as a widget that did not render
      }
      return chartsInModel(model, manager, seen);
    }
    return 0;
  }

  function text(node) {
    return (node.innerText || node.textContent || "").trim();
  }

  /** What a chart looks like now: its SVG markup or its canvas pixels. */
  function chartSignature(embed) {
    const svg = embed.querySelector("svg.marks");
    if (svg) return svg.outerHTML;
    const canvas = embed.querySelector("canvas.marks");
    if (canvas) {
      try {
        return canvas.toDataURL();
      } catch (error) {
        return "canvas";
      }
    }
    return "";
  }

  function signatures(root) {
    return Array.from(root.querySelectorAll(".vega-embed")).map(chartSignature);
  }

  /** True for a chart drawn as SVG that a screen reader can read: description, roles, labels. */
  function described(embed) {
    const wrapper = embed.querySelector('[aria-roledescription="visualization"]');
    const label = wrapper ? wrapper.getAttribute("aria-label") || "" : "";
    const svg = embed.querySelector("svg.marks");
    return label.length > 40 && !!svg && !!svg.querySelector('[role="graphics-symbol"][aria-label]');
  }

  /** Everything the tests assert on, cell by cell. */
  async function report() {
    const manager = await widgetManager();
    const seen = new Set();
    const cells = [];
    for (const [index, cell] of codeCells().entries()) {
      const outputs = cell.model.outputs.toJSON();
      let expectedCharts = 0;
      const widgetOutputs = [];
      const errors = [];
      for (const output of outputs) {
        if (output.output_type === "error") {
          errors.push(`${output.ename}: ${output.evalue}`);
        }
        const data = output.data || {};
        if (data[WIDGET_MIME]) widgetOutputs.push(data[WIDGET_MIME].model_id);
        expectedCharts += await chartsInData(data, manager, seen);
      }
      const area = cell.outputArea.node;
      const embeds = Array.from(area.querySelectorAll(".vega-embed"));
      const renderers = [];
      for (const child of cell.outputArea.widgets) {
        for (const renderer of child.widgets || []) {
          if (renderer.mimeType === WIDGET_MIME) {
            renderers.push({
              text: text(renderer.node).slice(0, 200),
              views: renderer.node.children.length,
            });
          }
        }
      }
      const drawnCharts = embeds.filter((embed) => embed.querySelector("svg.marks, canvas.marks"));
      cells.push({
        index,
        source: cell.model.sharedModel.getSource().slice(0, 300),
        count: cell.model.executionCount,
        errors,
        stderr: Array.from(
          area.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
        ).map((node) => text(node).slice(0, 2000)),
        expectedCharts,
        charts: embeds.length,
        renderedCharts: drawnCharts.length,
        // Drawn as SVG, with the chart's description on its container and ARIA roles on its
        // marks (Vega writes the marks' and axes' ARIA only into SVG, never onto a canvas).
        describedSvgCharts: drawnCharts.filter(described).length,
        widgetOutputs: widgetOutputs.length,
        widgetRenderers: renderers,
        jsErrors: Array.from(area.querySelectorAll("*"))
          .filter((node) => node.children.length === 0 && /JavaScript Error/.test(node.textContent))
          .map((node) => text(node).slice(0, 300)),
        controls: Array.from(area.querySelectorAll(CONTROL_SELECTOR)).length,
      });
    }
    return { widgetManager: !!manager, cells };
  }

  function cellOutput(index) {
    const cell = codeCells()[index];
    if (!cell) throw new Error(`no code cell ${index}`);
    return cell.outputArea.node;
  }

  /** Chart signatures in one code cell's output (index) or in the whole notebook (null). */
  function chartSignatures(index) {
    const p = panel();
    return signatures(index === null ? p.content.node : cellOutput(index));
  }

  /** True once the charts differ from `before` and every chart has drawn. */
  function chartsChanged(index, before) {
    const now = chartSignatures(index);
    if (now.length === 0 || now.some((s) => s === "")) return false;
    return JSON.stringify(now) !== JSON.stringify(before);
  }

  // Latency of one control move: armed before the move; t0 is the input event
  // (captured on the document), t1 the first DOM mutation after which the
  // charts differ and have all drawn.
  let armed = null;
  function armChartChange(index) {
    const root = index === null ? panel().content.node : cellOutput(index);
    const before = chartSignatures(index);
    const state = { t0: null, t1: null };
    let resolve;
    const done = new Promise((r) => (resolve = r));
    const onInput = (event) => {
      if (state.t0 === null) state.t0 = performance.now();
    };
    const events = ["keydown", "pointerdown", "mousedown", "input", "change"];
    for (const name of events) document.addEventListener(name, onInput, true);
    const check = () => {
      if (state.t1 === null && chartsChanged(index, before)) {
        state.t1 = performance.now();
        observer.disconnect();
        resolve();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    const cleanup = () => {
      observer.disconnect();
      for (const name of events) document.removeEventListener(name, onInput, true);
    };
    armed = { state, done, cleanup };
  }

  /** Wait (up to timeoutMs) for the armed change; milliseconds from input to chart, or null. */
  async function awaitChartChange(timeoutMs) {
    const current = armed;
    armed = null;
    if (!current) throw new Error("armChartChange was not called");
    const timeout = new Promise((r) => setTimeout(r, timeoutMs));
    await Promise.race([current.done, timeout]);
    current.cleanup();
    const { t0, t1 } = current.state;
    return t0 !== null && t1 !== null ? t1 - t0 : null;
  }

  /** The notebook's scrolling element and the height of its content. */
  function scroller() {
    const p = panel();
    if (!p) return null;
    const node = p.content.node;
    return node.querySelector(".jp-WindowedPanel-outer") || node.closest(".jp-WindowedPanel-outer") || node;
  }

  /** Height the page needs to show the whole notebook without scrolling (scrolled to the top). */
  function fullHeight() {
    const node = scroller();
    if (!node) return document.documentElement.scrollHeight;
    node.scrollTop = 0;
    const inner = node.querySelector(".jp-WindowedPanel-inner");
    const footer = node.querySelector(".jp-Notebook-footer");
    const content = inner
      ? inner.getBoundingClientRect().height + (footer ? footer.getBoundingClientRect().height : 0) + 40
      : node.scrollHeight;
    return Math.ceil(document.documentElement.clientHeight - node.clientHeight + content);
  }

  function scrollToTop() {
    const node = scroller();
    if (node) node.scrollTop = 0;
  }

  /** Width in pixels of `words` set in the font of `node` (what the text needs, unclipped). */
  function textWidth(words, node) {
    const canvas = textWidth.canvas || (textWidth.canvas = document.createElement("canvas"));
    const context = canvas.getContext("2d");
    const style = getComputedStyle(node);
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return context.measureText(words).width;
  }

  /**
   * Controls a student cannot read: a label cut short, a control narrower than its
   * label (a 45 px slider beside a long label), a menu or button whose text is clipped.
   * Widgets scrolled out of view still have their layout, so every cell is measured.
   */
  function controlWidthProblems() {
    const problems = [];
    codeCells().forEach((cell, index) => {
      const boxes = cell.outputArea.node.querySelectorAll(
        ".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-text",
      );
      for (const box of boxes) {
        if (box.offsetParent === null) continue; // hidden on purpose (e.g. a folded panel)
        const label = box.querySelector(":scope > .widget-label");
        const words = label ? label.textContent.trim() : "";
        const name = words || box.className.split(" ").find((c) => c.startsWith("widget-"));
        if (label && words && label.scrollWidth > label.clientWidth + 1) {
          problems.push(`code cell ${index}: the label "${words}" is cut short (${label.clientWidth}px of ${label.scrollWidth}px)`);
        }
        const control =
          box.querySelector(":scope > .slider-container, :scope > select, :scope > .widget-toggle-buttons, :scope > .widget-radio-box") ||
          box.querySelector("select, .slider-container, .noUi-target");
        if (control && words) {
          const needed = Math.min(textWidth(words, label), 300);
          const width = control.getBoundingClientRect().width;
          if (width + 1 < needed) {
            problems.push(`code cell ${index}: the control "${name}" is ${Math.round(width)}px wide, narrower than its label (${Math.round(needed)}px)`);
          }
        }
        const select = box.querySelector("select");
        if (select) {
          const style = getComputedStyle(select);
          const room =
            select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          const clipped = Array.from(select.options)
            .map((option) => [option.textContent, textWidth(option.textContent, select)])
            .filter(([, need]) => need > room + 1)
            .sort((a, b) => b[1] - a[1]);
          if (clipped.length) {
            const [widest, need] = clipped[0];
            problems.push(`code cell ${index}: the menu "${name}" clips ${clipped.length} of its ${select.options.length} options, e.g. "${widest}" (${Math.round(room)}px for ${Math.round(need)}px)`);
          }
        }
        for (const button of box.querySelectorAll("button")) {
          if (button.scrollWidth > button.clientWidth + 1) {
            problems.push(`code cell ${index}: the button "${button.textContent.trim()}" of "${name}" is clipped`);
          }
        }
      }
    });
    return problems;
  }

  /** The models of the widgets one code cell shows, with their children, in order. */
  async function cellWidgetModels(index) {
    const manager = await widgetManager();
    const found = [];
    const seen = new Set();
    const walk = (model) => {
      if (!model || seen.has(model.model_id)) return;
      seen.add(model.model_id);
      found.push(model);
      const children = model.get("children");
      if (Array.isArray(children)) children.forEach(walk);
    };
    for (const output of codeCells()[index].model.outputs.toJSON()) {
      const view = (output.data || {})[WIDGET_MIME];
      if (view && manager) walk(await manager.get_model(view.model_id));
    }
    return found;
  }

  async function control(index, description, nth) {
    const models = (await cellWidgetModels(index)).filter((m) => m.get("description") === description);
    const model = models[nth];
    if (!model) throw new Error(`no control "${description}" (#${nth}) in code cell ${index}`);
    return model;
  }

  /**
   * Set the nth control labelled `description` in a code cell to `value` (an option's label for
   * menus, radio buttons and selection sliders), as its view does when a student moves it.
   */
  async function setControl(index, description, value, nth) {
    const model = await control(index, description, nth);
    const labels = model.get("_options_labels");
    if (Array.isArray(labels)) {
      const at = labels.indexOf(String(value));
      if (at < 0) throw new Error(`"${description}" offers no ${value}: ${labels.join(", ")}`);
      model.set("index", at);
    } else {
      model.set("value", value);
    }
    model.save_changes();
  }

  /**
   * What a test that saw no redraw should report: the control's value, the charts' parameters
   * as the page holds them, the kernel's status and what the cell's output shows besides.
   */
  async function controlDiagnosis(index, description, nth) {
    const models = await cellWidgetModels(index);
    const panelNow = panel();
    const kernel = panelNow.sessionContext.session?.kernel;
    const own = models.filter((m) => m.get("description") === description)[nth];
    return JSON.stringify({
      value: own ? own.get("value") ?? own.get("index") : "no such control",
      chartParams: models.filter(isChartModel).map((m) => m.get("_params")),
      kernel: kernel ? `${kernel.status} (${kernel.connectionStatus})` : "none",
      text: cellOutput(index).innerText.slice(0, 300),
    });
  }

  /** What the control shows now: its option's label, or its value. */
  async function controlValue(index, description, nth) {
    const model = await control(index, description, nth);
    const labels = model.get("_options_labels");
    return Array.isArray(labels) ? labels[model.get("index")] : model.get("value");
  }

  /** A value the control offers other than those in `avoid` (null: a control with no other). */
  async function otherControlValue(index, description, nth, avoid) {
    const model = await control(index, description, nth);
    const labels = model.get("_options_labels");
    const offered = Array.isArray(labels) ? labels : [model.get("min"), model.get("max")];
    const keys = avoid.map((value) => String(value));
    const other = offered.find((value) => value !== undefined && !keys.includes(String(value)));
    return other === undefined ? null : other;
  }

  window.__labTest = {
    setControl,
    controlDiagnosis,
    controlValue,
    otherControlValue,
    controlWidthProblems,
    state,
    report,
    chartSignatures,
    chartsChanged,
    armChartChange,
    awaitChartChange,
    fullHeight,
    scrollToTop,
    CONTROL_SELECTOR,
  };
})();
