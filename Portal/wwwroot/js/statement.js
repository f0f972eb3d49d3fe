// The statement's Print button (inline handlers are not allowed by the Content-Security-Policy).
document.querySelectorAll('[data-print]').forEach(button => button.addEventListener('click', () => window.print()));
