// Rich text for the page body: only what the sanitizer keeps (pages/sanitize.py),
// and every element of it, so that saving changes nothing the editor did not touch.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  Link,
  ListItem,
  Mark,
  Menu,
  OrderedList,
  Paragraph,
  Strike,
  Subscript,
  Superscript,
  Text,
  Underline,
  gettext,
  initializeEditors,
  updateAttrsDialog,
} from "../django_prose_editor/editor.js";
import { PageImage } from "./page-image.js";

// A quote's attribution: <cite>, shown with a dash on the site.
const Cite = Mark.create({
  name: "cite",
  parseHTML: () => [{ tag: "cite" }],
  renderHTML: () => ["cite", 0],
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "cite",
      groups: "marks",
      command: (editor) => editor.chain().focus().toggleMark("cite").run(),
      active: (editor) => editor.isActive("cite"),
      button: buttons.material("person", "quote attribution (who said it)"),
    });
  },
});

const NO_PAGE = "— a web address, not a page of this site —";

function pageLabel(page) {
  return page.live ? `${page.title} (${page.url})` : `${page.title} (not on the site)`;
}

// Links to the site's pages are stored with the page's id (data-page), so the
// site renders them at the page's current address (pages/links.py).
function pageLink(pages) {
  return Link.extend({
    addAttributes() {
      return {
        ...this.parent?.(),
        page: {
          default: null,
          parseHTML: (element) => element.getAttribute("data-page"),
          renderHTML: (attrs) => (attrs.page ? { "data-page": attrs.page } : {}),
        },
      };
    },
    addCommands() {
      return {
        ...this.parent?.(),
        addLink:
          () =>
          ({ editor }) => {
            if (editor.state.selection.empty && !editor.isActive("link")) return;
            const current = editor.getAttributes("link");
            const chosen = pages.find((page) => String(page.id) === current.page);
            const dialog = updateAttrsDialog(
              {
                page: {
                  title: gettext("A page of this site"),
                  enum: [NO_PAGE, ...pages.map(pageLabel)],
                  default: NO_PAGE,
                },
                href: {
                  type: "string",
                  title: gettext("Or a web address"),
                  description: gettext("e.g. https://example.org/ or mailto:hello@example.org"),
                },
              },
              { title: gettext("Link"), submitText: gettext("Save link") },
            );
            dialog(editor, {
              page: chosen ? pageLabel(chosen) : NO_PAGE,
              href: chosen ? "" : current.href || "",
            }).then((values) => {
              if (!values) return;
              const page = pages.find((p) => pageLabel(p) === values.page);
              const attrs = page
                ? { href: page.url, page: String(page.id) }
                : { href: values.href.trim(), page: null };
              if (!attrs.href) return;
              let chain = editor.chain().focus();
              if (editor.isActive("link")) chain = chain.extendMarkRange("link");
              chain.setMark("link", attrs).run();
            });
          },
      };
    },
  }).configure({ enableTarget: false });
}

// As the package's createTextareaEditor, but without Tiptap's injected <style>
// element (the strict CSP refuses it; static/css/page-editor.css has those rules).
function createEditor(textarea, extensions) {
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  // The editable area is named by the field's label, as the textarea was.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const named = {};
  if (label) {
    label.id = label.id || `${textarea.id}_label`;
    named["aria-labelledby"] = label.id;
  }
  return new Editor({
    element: wrapper,
    injectCSS: false,
    extensions,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", ...named },
    },
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

function readJSON(textarea, name) {
  return JSON.parse(textarea.dataset[name] || "[]");
}

initializeEditors(
  (textarea) =>
    createEditor(textarea, [
      Document,
      Paragraph,
      Text,
      HardBreak,
      History,
      Dropcursor,
      Gapcursor,
      Menu,
      Heading.configure({ levels: [2, 3, 4] }),
      Bold,
      Italic,
      Underline,
      Strike,
      Subscript,
      Superscript,
      BulletList,
      OrderedList,
      ListItem,
      pageLink(readJSON(textarea, "pages")),
      Blockquote,
      Cite,
      HorizontalRule,
      PageImage.configure({ images: readJSON(textarea, "images") }),
    ]),
  "[data-page-editor]",
);
