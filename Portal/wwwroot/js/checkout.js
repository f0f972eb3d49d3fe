// A second click would be harmless (the server makes one order per reviewed cart) but looks alarming.
document.getElementById('checkout-form').addEventListener('submit', () => {
    const b = document.getElementById('place-order');
    setTimeout(() => { b.disabled = true; b.textContent = 'Placing…'; }, 0);
});

// The chosen ship-to in full under the list (without JavaScript the first one is shown, as it is preselected).
const shipTo = document.querySelector('[data-ship-to]');
if (shipTo) {
    shipTo.addEventListener('change', () => {
        document.querySelectorAll('.ship-to-full').forEach(a => { a.hidden = a.dataset.address !== shipTo.value; });
    });
}
