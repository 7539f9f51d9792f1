/* The admin's autocomplete boxes (Django's select2 4.0) leave two things that
   axe-core reports: the search box of a field with several choices has no
   label, and the "remove all" cross sits directly in the list of choices. Here
   the box gets the field's label, and the cross, which only a mouse can use
   (Backspace removes a choice), is hidden from assistive technology. select2
   redraws both whenever a choice changes, so they are watched for. The
   two-list picker's search icon gets a role, below. */
"use strict";
{
  const fix = () => {
    for (const box of document.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const select = box.closest(".select2-container")?.previousElementSibling;
      const label = select?.id && document.querySelector(`label[for="${select.id}"]`);
      if (label) {
        box.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
      }
    }
    for (const cross of document.querySelectorAll(".select2-selection__clear:not([aria-hidden])")) {
      cross.setAttribute("aria-hidden", "true");
    }
    // The two-list picker (SelectFilter2) names its search icon with aria-label on a
    // bare span, which ARIA does not allow: an icon with a text alternative is an img.
    for (const icon of document.querySelectorAll(".help-tooltip[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  };
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  fix();
}
