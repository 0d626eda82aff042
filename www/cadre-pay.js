// Integration without touching the markup: map the spec's field ids to this page's inputs.
CommunityForms.ready.then(function (ok) {
  if (!ok) return;
  document.getElementById("minimum-working").setAttribute("data-cf-explain", "minimum_pay");
  CommunityForms.attach(document.getElementById("pay-form"), {
    form: "cadre-pay-standard",
    summary: "#problems",
    fields: {
      role: 'input[name="role"]',
      reference_income: "#income",
      proposed_pay: "#pay",
      minimum_pay: "#minimum",
    },
  });
});
