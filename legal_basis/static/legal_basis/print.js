// Opens the print dialogue; a script file rather than an inline handler, as the CSP forbids inline code.
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
