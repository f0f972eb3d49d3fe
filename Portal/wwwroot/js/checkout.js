// A second click would be harmless (the server makes one order per reviewed cart) but looks alarming.
document.getElementById('checkout-form').addEventListener('submit', () => {
    const b = document.getElementById('place-order');
    setTimeout(() => { b.disabled = true; b.textContent = 'Placing…'; }, 0);
});
