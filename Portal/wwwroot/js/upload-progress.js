// Quick order upload with a progress bar. The file goes up through XMLHttpRequest (the one browser API that reports
// upload progress); the server keeps the rows and answers where their result is, and the page goes there. A file over
// the limit is refused before it is sent. Without this script the form posts as a plain form and works the same.
(() => {
    const form = document.querySelector('form[data-upload-progress]');
    if (!form || !window.FormData || !window.DOMParser) return;
    const input = form.querySelector('input[type=file]');
    const button = form.querySelector('button[type=submit]');
    const box = form.querySelector('.upload-progress');
    const bar = box.querySelector('progress');
    const status = box.querySelector('[data-upload-status]');
    const maxBytes = Number(form.dataset.maxBytes) || 0;
    const mb = bytes => (bytes / 1024 / 1024).toFixed(1) + ' MB';

    const showErrors = html => {
        const answer = new DOMParser().parseFromString(html, 'text/html');
        const errors = answer.querySelector('[data-testid=errors]');
        const here = document.querySelector('[data-testid=errors]');
        if (errors && here && errors.textContent.trim()) {
            here.replaceWith(document.importNode(errors, true));
            box.hidden = true;
            return true;
        }
        return false;
    };
    const fail = message => {
        box.hidden = false;
        bar.hidden = true;
        status.textContent = message;
        button.disabled = false;
    };

    form.addEventListener('submit', event => {
        const file = input.files && input.files[0];
        if (!file) return; // the server answers "Choose a .csv or .xlsx file."
        event.preventDefault();
        if (maxBytes && file.size > maxBytes) {
            fail('The file is ' + mb(file.size) + '; the limit is ' + mb(maxBytes) + '. Split it into several uploads.');
            return;
        }

        const xhr = new XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
        xhr.upload.addEventListener('progress', e => {
            if (!e.lengthComputable) return;
            bar.max = e.total;
            bar.value = e.loaded;
            status.textContent = 'Uploading ' + file.name + ': ' + Math.floor(e.loaded * 100 / e.total) + '% of ' + mb(e.total);
        });
        xhr.upload.addEventListener('load', () => {
            bar.removeAttribute('value');
            status.textContent = 'Uploaded; checking the lines…';
        });
        xhr.addEventListener('load', () => {
            const type = xhr.getResponseHeader('Content-Type') || '';
            if (xhr.status === 200 && type.indexOf('application/json') === 0) {
                const answer = JSON.parse(xhr.responseText);
                if (answer.location) { window.location.assign(answer.location); return; }
            }
            if (!showErrors(xhr.responseText)) {
                fail(xhr.status === 413 ? 'The file is too large; the limit is ' + mb(maxBytes) + '.' : 'The upload failed (' + xhr.status + '). Try again.');
                return;
            }
            button.disabled = false;
        });
        xhr.addEventListener('error', () => fail('The upload failed: the connection was lost. Try again.'));
        xhr.addEventListener('timeout', () => fail('The upload took too long. Try again.'));

        box.hidden = false;
        bar.hidden = false;
        bar.value = 0;
        status.textContent = 'Uploading ' + file.name + '…';
        button.disabled = true;
        xhr.send(new FormData(form));
    });
})();
