// Cart without reloads (progressive enhancement: without this file every form posts and the page reloads).
// - Add-to-cart forms [data-cart-add] post in the background and get JSON: the header count updates, a refusal is shown
//   under the quantity box, focus stays on the control acted on.
// - Forms inside the cart [data-cart] post in the background; the cart element of the answer replaces this one, so
//   errors, totals and the undo offer are the server's own; focus returns to the same control (or, if its line went,
//   to the undo offer).
// - [data-reveal]/[data-hide] links show or hide a confirmation step in place instead of loading its page.
(() => {
    const toast = document.getElementById('cart-toast');
    let toastTimer;
    const say = text => {
        if (!toast || !text) return;
        toast.textContent = text;
        toast.hidden = false;
        clearTimeout(toastTimer);
        toastTimer = setTimeout(() => { toast.hidden = true; }, 5000);
    };
    const setCount = count => {
        const badge = document.getElementById('cart-count');
        if (badge && count !== null && count !== undefined) badge.textContent = String(count).trim();
    };
    // A form that failed in the background is posted the ordinary way.
    const plainSubmit = (form, submitter) => { form.dataset.plain = '1'; form.requestSubmit(submitter || undefined); };

    const addToCart = async (form, submitter) => {
        if (form.dataset.busy) return;
        form.dataset.busy = '1';
        const error = form.querySelector('[data-cart-error]');
        const status = form.querySelector('[data-cart-status]');
        const quantity = form.querySelector('input[name="quantity"]');
        const button = submitter || form.querySelector('button[type="submit"]');
        try {
            const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
            const body = await response.json();
            if (response.ok) {
                error.textContent = '';
                quantity.classList.remove('is-invalid');
                quantity.setAttribute('aria-invalid', 'false');
                setCount(body.cartCount);
                if (status) status.textContent = body.message;
                say(body.message);
                button.focus();
            } else {
                error.textContent = body.error || 'Not added.';
                quantity.classList.add('is-invalid');
                quantity.setAttribute('aria-invalid', 'true');
                quantity.focus();
            }
        } catch {
            plainSubmit(form, submitter);
        } finally {
            delete form.dataset.busy;
        }
    };

    const restoreFocus = id => {
        const cart = document.getElementById('cart');
        const target = cart.querySelector('.is-invalid')
            || (id && document.getElementById(id))
            || document.getElementById('undo-removal')
            || document.getElementById('cart-heading');
        if (target) target.focus();
    };

    const postCart = async (form, submitter) => {
        const data = new FormData(form);
        if (submitter && submitter.name) data.append(submitter.name, submitter.value);
        const action = (submitter && submitter.getAttribute('formaction')) || form.getAttribute('action') || location.href;
        const focusId = (submitter && submitter.id) || (document.activeElement && document.activeElement.id);
        try {
            const response = await fetch(action, { method: 'POST', body: data, headers: { 'Accept': 'text/html' }, credentials: 'same-origin' });
            const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
            const fresh = doc.getElementById('cart');
            const current = document.getElementById('cart');
            if (!fresh || !current) {
                location.assign(response.url);
                return;
            }
            current.replaceWith(document.adoptNode(fresh));
            const count = doc.getElementById('cart-count');
            if (count) setCount(count.textContent);
            document.querySelectorAll('main > .alert[role="status"]').forEach(a => a.remove());
            const flash = doc.querySelector('main > .alert[role="status"]');
            if (flash) say(flash.textContent.trim());
            restoreFocus(focusId);
        } catch {
            plainSubmit(form, submitter);
        }
    };

    document.addEventListener('submit', event => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || form.dataset.plain) return;
        if (form.hasAttribute('data-cart-add')) {
            event.preventDefault();
            addToCart(form, event.submitter);
        } else if (form.closest('[data-cart]')) {
            event.preventDefault();
            postCart(form, event.submitter);
        }
    });

    document.addEventListener('click', event => {
        const link = event.target instanceof Element ? event.target.closest('[data-reveal],[data-hide]') : null;
        if (!link) return;
        const id = link.getAttribute('data-reveal') || link.getAttribute('data-hide');
        const panel = document.getElementById(id);
        if (!panel) return;
        event.preventDefault();
        if (link.hasAttribute('data-reveal')) {
            panel.hidden = false;
            const first = panel.querySelector('button');
            if (first) first.focus();
        } else {
            panel.hidden = true;
            const opener = document.querySelector(`[data-reveal="${id}"]`);
            if (opener) opener.focus();
        }
    });
})();
