// A picture from the site's image library (Images in the admin), stored as
// <img data-image="id">; the site renders it responsive (pages/render.py).
import { Node, gettext, updateAttrsDialog } from "../django_prose_editor/editor.js";

const NONE = "— choose a picture —";

export const PageImage = Node.create({
  name: "pageImage",
  group: "block",
  atom: true,
  draggable: true,

  addOptions() {
    return { images: [] };
  },

  addAttributes() {
    return {
      src: { default: null },
      alt: { default: "" },
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attrs) => ({ "data-image": attrs.image }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "img[data-image]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["img", HTMLAttributes];
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "pageImage",
      groups: "nodes",
      command: (editor) => editor.commands.insertPageImage(),
      button: buttons.material("image", "insert a picture"),
    });
  },

  addCommands() {
    const images = this.options.images;
    return {
      insertPageImage:
        () =>
        ({ editor }) => {
          if (!images.length) {
            window.alert(
              gettext("No pictures yet. Add them under “Images” in the admin's menu first."),
            );
            return true;
          }
          updateAttrsDialog(
            {
              picture: {
                title: gettext("Picture"),
                description: gettext("Pictures are added and described under “Images”."),
                enum: [NONE, ...images.map((image) => image.label)],
                default: NONE,
              },
            },
            { title: gettext("Insert a picture"), submitText: gettext("Insert") },
          )(editor, {}).then((values) => {
            const image = values && images.find((i) => i.label === values.picture);
            if (!image) return;
            editor
              .chain()
              .focus()
              .insertContent({
                type: this.name,
                attrs: { src: image.src, alt: image.alt, image: String(image.id) },
              })
              .run();
          });
          return true;
        },
    };
  },
});
