/* Call intake form: a fresh client id per form, so a form sent twice (double click, a retry
   after a timeout) files one incident (core/idempotency). */
document.getElementById("client_id").value = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
