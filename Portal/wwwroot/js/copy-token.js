// Copy buttons (data-copy-target = the id of the element whose text is copied). The button stays hidden where the
// clipboard API is missing (plain http, old browsers): the token is still selectable by hand.
(function () {
    'use strict';
    if (!navigator.clipboard) {
        return;
    }

    document.querySelectorAll('[data-copy-target]').forEach(function (button) {
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        if (!target) {
            return;
        }

        button.hidden = false;
        button.addEventListener('click', function () {
            navigator.clipboard.writeText(target.textContent.trim()).then(function () {
                var label = button.textContent;
                button.textContent = button.getAttribute('data-copied-text') || 'Copied';
                setTimeout(function () { button.textContent = label; }, 2000);
            });
        });
    });
}());
