"""Random sequences of allocations, charges, payments, credit notes, refunds, credits, voids
and deletes, and of a subscription's life on the clock (renewals collected or declined,
cancellations at once or at term end, reactivations).

A small model of what each operation should do runs beside the ledger. After every step the
ledger's records must agree with the model and with each other, and no money may be lost.
A refused step must raise one of the errors its broken rules call for and write nothing.
Every parent's link pages list exactly the records that name it, oldest first. The machine
runs with the usual page size and with pages of two ids; a step may rewrite the records in
the layout of earlier versions (children's ids as lists on the parent), as a state document
of such a version would restore them, and later steps must carry on from there.

Money: what an invoice received, net of refunds, never exceeds its total unless a bank
transaction overpaid it (the only overpayment the ledger takes); refunds never exceed what was
received; a void or deleted invoice takes no payment. Terms: a subscription bills each term
once, a renewal's term starts where the last one ended, nothing is billed after a
cancellation, the schedule is never later than the next transition, and the invoices it owes
on are exactly those something is due on.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from billing_sandbox.core import (
    LINK,
    InvalidInput,
    InvalidState,
    LedgerError,
    LimitExceeded,
    advance_subscription,
    allocate_transaction,
    apply_credits,
    bill_term,
    cancel_subscription,
    charge_invoice,
    child_count,
    child_ids,
    child_records,
    create_customer,
    create_subscription,
    delete_invoice,
    due_transitions,
    grant_credits,
    import_bank_transaction,
    import_invoice,
    issue_credit_note,
    links,
    reactivate_subscription,
    record_payment,
    refund_payment,
    terms,
    void_invoice,
)
from billing_sandbox.core.invoice_totals import invoice_totals
from billing_sandbox.core.invoices import linked_records, owes

CUSTOMER_ID = "cus_prop"
INVOICES = 3
TRANSACTIONS = 2
DESTINATIONS = [None, "credits", "original_payment_method", "external"]

SUBSCRIPTION_ID = "sub_prop"
amounts = st.integers(min_value=1, max_value=15000)
invoice_index = st.integers(min_value=0, max_value=1000)  # modulo the invoices so far


def take(sources: list[tuple], amount: int) -> list[tuple]:
    """Greedy slices of ``amount`` over (source, room) pairs, in order."""
    plan, left = [], amount
    for source, room in sources:
        share = min(left, room)
        if share:
            plan.append((source, share))
            left -= share
    return plan


# child kind -> (parent kind, the child's field naming the parent) for every linked relation
PARENTS_OF = {
    "invoice": [("customer", "customer_id"), ("subscription", "subscription_id")],
    "payment": [("invoice", "invoice_id"), ("bank_transaction", "transaction_id")],
    "credit_note": [("invoice", "invoice_id")],
    "refund": [("invoice", "invoice_id"), ("payment", "payment_id")],
}


def as_earlier_layout(repo) -> None:
    """Rewrite the records as earlier versions stored them: each parent lists its children's
    ids (``payment_ids`` ...) instead of a count and link pages."""
    pages = repo.tables.pop(LINK, {})
    for kind, table in repo.tables.items():
        for record in table.values():
            for field in [f for f in record if f.endswith("_count")]:
                child_kind = field.removesuffix("_count")
                count = record.pop(field)
                ids = []
                for number in range(count // links.PAGE_SIZE):
                    ids += pages.pop(links.page_id(kind, record["id"], child_kind, number))["ids"]
                ids += record.pop(links.tail_field(child_kind))
                record[links.list_field(child_kind)] = ids
    assert pages == {}


class LedgerMachine(RuleBasedStateMachine):
    make_books = None  # set by the test: a factory of (books, repo, clock)

    def __init__(self) -> None:
        super().__init__()
        self.books, self.repo, self.clock = type(self).make_books()

    # -- setup ---------------------------------------------------------------------------

    @initialize(
        totals=st.lists(
            st.integers(min_value=1, max_value=20000), min_size=INVOICES, max_size=INVOICES
        ),
        deposits=st.lists(
            st.integers(min_value=1, max_value=30000), min_size=TRANSACTIONS, max_size=TRANSACTIONS
        ),
    )
    def setup(self, totals, deposits):
        create_customer(self.books, id=CUSTOMER_ID, payment_source_id="pm_1")
        self.invoices = []
        for index, total in enumerate(totals):
            invoice_id = f"inv_{index}"
            import_invoice(
                self.books,
                id=invoice_id,
                customer_id=CUSTOMER_ID,
                total=total,
                date="2025-12-01",
                due_date="2026-01-01",
            )
            self.invoices.append(
                {
                    "id": invoice_id,
                    "total": total,
                    "due": total,
                    "credited": 0,
                    "received": 0,
                    "credits_in": 0,
                    "credits_back": 0,
                    "void": False,
                    "failed": False,
                }
            )
        self.transactions = []
        for index, amount in enumerate(deposits):
            transaction_id = f"tx_{index}"
            import_bank_transaction(
                self.books, id=transaction_id, amount=amount, date=f"2026-01-0{index + 1}T00:00:00Z"
            )
            self.transactions.append({"id": transaction_id, "unallocated": amount})
        self.payments = []  # model payments, failed ones included
        self.balance = 0
        self.money_in = 0
        self.money_out = 0
        self.overpaid = set()  # invoices a bank transaction may have overpaid
        create_subscription(self.books, id=SUBSCRIPTION_ID, customer_id=CUSTOMER_ID,
                            items=[{"price_id": "plan", "kind": "plan", "description": "Plan",
                                    "unit_amount": totals[0], "quantity": 1}])
        self.declines = False
        self.periods: list[tuple[str, str]] = []  # the terms billed, in order
        self.bill(self.books)

    # -- helpers ------------------------------------------------------------------------

    def attempt(self, expected: set, operation):
        """Run the operation; it must succeed iff ``expected`` is empty, else raise one of them."""
        before = self.repo.snapshot()
        try:
            result = operation()
        except LedgerError as error:
            assert expected, f"refused unexpectedly: {error!r}"
            assert type(error) in expected, f"{error!r} is not one of {expected}"
            assert self.repo.snapshot() == before, "a refused operation wrote to the repository"
            return None
        assert not expected, f"should have been refused with one of {expected}"
        return result

    def received(self, invoice: dict, amount: int, payment: dict) -> None:
        invoice["due"] -= amount
        invoice["received"] += amount
        invoice["failed"] = False
        self.money_in += amount
        self.payments.append(
            {
                "id": payment["id"],
                "invoice": invoice["id"],
                "amount": amount,
                "refunded": 0,
                "failed": False,
                "key": (payment["paid_at"], len(self.payments)),
            }
        )

    def refundable(self, payment: dict) -> int:
        return 0 if payment["failed"] else payment["amount"] - payment["refunded"]

    def payments_of(self, invoice: dict) -> list[dict]:
        return [p for p in self.payments if p["invoice"] == invoice["id"]]

    def payment_errors(self, invoice: dict) -> set:
        return {InvalidState} if invoice["void"] else set()

    def invoice(self, pick: int) -> dict:
        return self.invoices[pick % len(self.invoices)]

    def bill(self, books, invoice: dict | None = None) -> None:
        """The subscription's term invoice (billed, or given by a renewal, whose term starts
        where the last one ended): modelled, then collected."""
        renewal = invoice is not None
        invoice = invoice or bill_term(books, SUBSCRIPTION_ID)
        period = (invoice["period_start"], invoice["period_end"])
        if renewal:
            assert period[0] == self.periods[-1][1], "a renewal starts where its term ended"
        self.periods.append(period)
        model = {"id": invoice["id"], "total": invoice["total"], "due": invoice["total"],
                 "credited": 0, "received": 0, "credits_in": 0, "credits_back": 0,
                 "void": False, "failed": False}
        self.invoices.append(model)
        payment = charge_invoice(books, invoice["id"], skip_due_date_check=True,
                                 decline_reason="card declined" if self.declines else None)
        if self.declines:
            model["failed"] = True
            self.payments.append({"id": payment["id"], "invoice": invoice["id"],
                                  "amount": payment["amount"], "refunded": 0, "failed": True,
                                  "key": None})
        else:
            self.received(model, payment["amount"], payment)

    # -- rules ----------------------------------------------------------------------------

    @rule(i=invoice_index, t=st.integers(0, TRANSACTIONS - 1), amount=amounts)
    def allocate(self, i, t, amount):
        invoice, transaction = self.invoice(i), self.transactions[t]
        expected = self.payment_errors(invoice)
        if amount > transaction["unallocated"]:
            expected.add(LimitExceeded)
        payment = self.attempt(
            expected,
            lambda: allocate_transaction(self.books, invoice["id"], transaction["id"], amount),
        )
        if payment is not None:
            transaction["unallocated"] -= amount
            self.overpaid.add(invoice["id"])
            self.received(invoice, amount, payment)

    @rule(i=invoice_index, declined=st.booleans(), part=st.one_of(st.none(), amounts))
    def charge(self, i, declined, part):
        invoice = self.invoice(i)
        expected = self.payment_errors(invoice)
        if invoice["due"] <= 0:
            expected.add(InvalidState)
        elif part is not None and part > invoice["due"]:
            expected.add(LimitExceeded)
        payment = self.attempt(
            expected,
            lambda: charge_invoice(
                self.books, invoice["id"], decline_reason="card_declined" if declined else None,
                amount=part, skip_due_date_check=True,
            ),
        )
        if payment is None:
            return
        assert payment["amount"] == (invoice["due"] if part is None else part)
        if declined:
            assert payment["status"] == "failed"
            invoice["failed"] = True
            self.payments.append(
                {
                    "id": payment["id"],
                    "invoice": invoice["id"],
                    "amount": payment["amount"],
                    "refunded": 0,
                    "failed": True,
                    "key": None,
                }
            )
        else:
            self.received(invoice, payment["amount"], payment)

    @rule(i=invoice_index, amount=amounts)
    def pay(self, i, amount):
        invoice = self.invoice(i)
        expected = self.payment_errors(invoice)
        if invoice["due"] <= 0:
            expected.add(InvalidState)
        elif amount > invoice["due"]:
            expected.add(LimitExceeded)
        payment = self.attempt(
            expected, lambda: record_payment(self.books, invoice["id"], amount=amount)
        )
        if payment is not None:
            self.received(invoice, amount, payment)

    @rule(
        i=invoice_index,
        amount=amounts,
        destination=st.sampled_from(DESTINATIONS),
        use_split=st.booleans(),
        void_if_settled=st.booleans(),
    )
    def credit_note(self, i, amount, destination, use_split, void_if_settled):
        invoice = self.invoice(i)
        unpaid = max(invoice["due"], 0)
        applied = min(amount, unpaid)
        excess = amount - applied
        oldest = sorted(
            (p for p in self.payments_of(invoice) if self.refundable(p) > 0), key=lambda p: p["key"]
        )
        # Where the refund takes money back from: (payment id or None for applied credits, room).
        payments = [(p["id"], self.refundable(p)) for p in oldest]
        credits = [(None, invoice["credits_in"] - invoice["credits_back"])]
        sources = {
            "original_payment_method": payments,
            "credits": credits + payments,
            "external": payments + credits,
            None: [],
        }[destination]
        expected = self.payment_errors(invoice)
        if amount > invoice["total"] - invoice["credited"]:
            expected.add(LimitExceeded)
        if excess and destination is None:
            expected.add(InvalidInput)
        split = None
        if excess and destination == "original_payment_method" and use_split:
            sources = list(reversed(payments))  # newest first, as far as the payments go
            split = [{"payment_id": pid, "amount": share} for pid, share in take(sources, excess)]
            if sum(part["amount"] for part in split) < excess:
                expected.add(InvalidInput)
        elif excess and sum(room for _, room in sources) < excess:
            expected.add(LimitExceeded)
        note = self.attempt(
            expected,
            lambda: issue_credit_note(
                self.books,
                invoice["id"],
                amount=amount,
                reason="property",
                refund_destination=destination,
                refund_amount_split=split,
                void_if_settled=void_if_settled,
            ),
        )
        if note is None:
            return
        assert (note["applied_amount"], note["refunded_amount"]) == (applied, excess)
        refunds = [self.books.get("refund", rid) for rid in note["refund_ids"]]
        plan = take(sources, excess)
        assert [(r["payment_id"], r["amount"]) for r in refunds] == plan
        by_id = {p["id"]: p for p in self.payments}
        for payment_id, share in plan:
            if payment_id is None:
                invoice["credits_back"] += share
            else:
                by_id[payment_id]["refunded"] += share
        if destination == "credits":
            self.balance += excess
        else:
            self.money_out += excess
        if void_if_settled and applied and applied == unpaid:
            invoice["void"] = True
        invoice["due"] -= applied
        invoice["credited"] += amount
        invoice["received"] -= excess

    @precondition(lambda self: self.payments)
    @rule(pick=st.integers(0, 1000), amount=st.one_of(st.none(), amounts))
    def refund(self, pick, amount):
        payment = self.payments[pick % len(self.payments)]
        left = self.refundable(payment)
        expected = set()
        if left == 0:
            expected.add(InvalidState)
        elif amount is not None and amount > left:
            expected.add(LimitExceeded)
        refund = self.attempt(
            expected, lambda: refund_payment(self.books, payment["id"], amount=amount)
        )
        if refund is None:
            return
        assert refund["amount"] == (left if amount is None else amount)
        payment["refunded"] += refund["amount"]
        invoice = next(inv for inv in self.invoices if inv["id"] == payment["invoice"])
        invoice["due"] += refund["amount"]
        invoice["received"] -= refund["amount"]
        self.money_out += refund["amount"]

    @rule(amount=amounts)
    def grant(self, amount):
        grant_credits(self.books, CUSTOMER_ID, amount)
        self.balance += amount

    @rule(i=invoice_index, amount=st.one_of(st.none(), amounts))
    def spend_credits(self, i, amount):
        invoice = self.invoice(i)
        expected = self.payment_errors(invoice)
        if invoice["due"] <= 0 or self.balance == 0:
            expected.add(InvalidState)
        elif amount is not None and (amount > self.balance or amount > invoice["due"]):
            expected.add(LimitExceeded)
        result = self.attempt(expected, lambda: apply_credits(self.books, invoice["id"], amount))
        if result is None:
            return
        spent = min(self.balance, invoice["due"]) if amount is None else amount
        self.balance -= spent
        invoice["due"] -= spent
        invoice["received"] += spent
        invoice["credits_in"] += spent

    @rule(i=invoice_index)
    def void(self, i):
        invoice = self.invoice(i)
        expected = {InvalidState} if invoice["void"] or invoice["received"] > 0 else set()
        if self.attempt(expected, lambda: void_invoice(self.books, invoice["id"])) is not None:
            invoice["void"] = True

    @rule(i=invoice_index)
    def delete(self, i):
        invoice = self.invoice(i)
        refused = invoice.get("deleted") or invoice["received"] > 0 or invoice["credited"] > 0
        if self.attempt({InvalidState} if refused else set(),
                        lambda: delete_invoice(self.books, invoice["id"])) is not None:
            invoice["void"] = invoice["deleted"] = True

    @rule()
    def toggle_card(self):
        self.declines = not self.declines

    @rule(days=st.integers(min_value=1, max_value=70))
    def advance_clock(self, days):
        self.clock.advance(days=days)
        for at, subscription_id in due_transitions(self.books, self.clock.now()):
            step = self.books.at(at)
            subscription, invoice = advance_subscription(step, subscription_id)
            assert subscription["status"] in ("active", "cancelled")
            if invoice is not None:
                self.bill(step, invoice)

    @rule(at_term_end=st.booleans())
    def cancel(self, at_term_end):
        status = self.books.get("subscription", SUBSCRIPTION_ID)["status"]
        refused = status == "cancelled" or (at_term_end and status != "active")
        self.attempt({InvalidState} if refused else set(), lambda: cancel_subscription(
            self.books, SUBSCRIPTION_ID, at_term_end=at_term_end))

    @rule()
    def reactivate(self):
        status = self.books.get("subscription", SUBSCRIPTION_ID)["status"]
        if self.attempt(set() if status == "cancelled" else {InvalidState},
                        lambda: reactivate_subscription(self.books, SUBSCRIPTION_ID)):
            self.bill(self.books)

    @rule()
    def restore_in_the_earlier_layout(self):
        as_earlier_layout(self.repo)

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def invoices_agree_with_their_records_and_the_model(self):
        for model in self.invoices:
            invoice = self.books.get("invoice", model["id"])
            links = linked_records(self.books, invoice)
            derived = invoice_totals(
                invoice, links["payments"], links["credit_notes"], links["refunds"]
            )
            assert {key: invoice[key] for key in derived} == derived
            assert invoice["amount_due"] == (
                invoice["total"]
                - invoice["amount_paid"]
                - invoice["credits_applied"]
                - invoice["amount_credited"]
                + invoice["amount_refunded"]
            )
            assert 0 <= invoice["amount_credited"] <= invoice["total"]
            assert invoice["amount_refunded"] <= invoice["amount_paid"] + invoice["credits_applied"]
            if model["id"] not in self.overpaid:  # kept: received, net of refunds
                kept = invoice["amount_paid"] + invoice["credits_applied"] - invoice[
                    "amount_refunded"]
                assert kept <= invoice["total"] - invoice["amount_credited"]
            credits_back = sum(r["amount"] for r in links["refunds"] if r["payment_id"] is None)
            assert credits_back == model["credits_back"] <= invoice["credits_applied"]
            assert invoice["amount_due"] == model["due"]
            assert invoice["amount_credited"] == model["credited"]
            if model["void"]:
                status = "void"
            elif model["due"] <= 0:
                status = "paid"
            elif model["failed"]:
                status = "payment_failed"
            elif model["received"] > 0:
                status = "partially_paid"
            else:
                status = "open"
            assert invoice["status"] == status
            assert (invoice["paid_at"] is not None) == (status == "paid")

    @invariant()
    def each_term_is_billed_once_and_nothing_after_a_cancellation(self):
        subscription = self.books.get("subscription", SUBSCRIPTION_ID)
        billed = child_records(self.books, "subscription", subscription, "invoice")
        periods = [(i["period_start"], i["period_end"]) for i in billed]
        assert periods == self.periods  # each term once, in order
        start, end = terms.term_of(subscription)
        if subscription["status"] == "cancelled":
            cancelled = subscription["cancelled_at"][:10]
            assert all(i["period_start"] <= cancelled for i in billed)
        else:
            assert end > self.clock.now()  # every term that ended was renewed
            assert (start.date().isoformat(), end.date().isoformat()) == periods[-1]
        due = terms.due_at(self.books)
        upcoming = terms.next_transition(subscription)
        assert upcoming is None or (due is not None and due <= upcoming)
        owed = {i["id"] for i in billed if owes(i)}
        assert set(subscription["owed_invoice_ids"]) == owed

    @invariant()
    def transactions_never_allocate_more_than_they_hold(self):
        for model in self.transactions:
            transaction = self.books.get("bank_transaction", model["id"])
            allocations = child_records(self.books, "bank_transaction", transaction, "payment")
            assert sum(p["amount"] for p in allocations) == transaction["allocated_amount"]
            assert (
                transaction["allocated_amount"] + transaction["unallocated_amount"]
                == transaction["amount"]
            )
            assert transaction["unallocated_amount"] == model["unallocated"] >= 0

    @invariant()
    def refunds_never_exceed_their_payment(self):
        for model in self.payments:
            payment = self.books.get("payment", model["id"])
            refunds = child_records(self.books, "payment", payment, "refund")
            assert (
                sum(r["amount"] for r in refunds) == payment["amount_refunded"] == model["refunded"]
            )
            assert 0 <= payment["amount_refunded"] <= (0 if model["failed"] else payment["amount"])
            if model["failed"]:
                assert payment["status"] == "failed"
            elif payment["amount_refunded"] == 0:
                assert payment["status"] == "succeeded"
            else:
                full = payment["amount_refunded"] == payment["amount"]
                assert payment["status"] == ("refunded" if full else "partially_refunded")

    @invariant()
    def credit_notes_split_into_applied_and_refunded(self):
        for note in self.books.list("credit_note"):
            refunds = [self.books.get("refund", rid) for rid in note["refund_ids"]]
            assert note["applied_amount"] + note["refunded_amount"] == note["amount"]
            assert sum(r["amount"] for r in refunds) == note["refunded_amount"]

    @invariant()
    def links_list_every_child_once_oldest_first(self):
        records = {kind: self.books.list(kind) for kind in ("customer", "bank_transaction")}
        records.update({kind: self.books.list(kind) for kind in PARENTS_OF})
        records["subscription"] = self.books.list("subscription")
        pages = 0
        for child_kind, parents in PARENTS_OF.items():
            for owner_kind, field in parents:
                for owner in records[owner_kind]:
                    named = [c["id"] for c in records[child_kind] if c[field] == owner["id"]]
                    assert child_ids(self.books, owner_kind, owner, child_kind) == named
                    assert child_count(owner, child_kind) == len(named)
                    if links.list_field(child_kind) not in owner:
                        pages += len(named) // links.PAGE_SIZE
                        tail = owner[links.tail_field(child_kind)]
                        assert len(tail) == len(named) % links.PAGE_SIZE
        stored = self.books.list(LINK)
        assert len(stored) == pages, "a link page is left over"
        assert all(len(page["ids"]) == links.PAGE_SIZE for page in stored)

    @invariant()
    def no_money_is_lost(self):
        invoices = self.books.list("invoice")
        payments = [p for p in self.books.list("payment") if p["status"] != "failed"]
        refunds = self.books.list("refund")
        paid_in = sum(p["amount"] for p in payments)
        credits_spent = sum(inv["credits_applied"] for inv in invoices)
        assert paid_in == self.money_in == sum(inv["amount_paid"] for inv in invoices)
        assert sum(r["amount"] for r in refunds if r["destination"] != "credits") == self.money_out
        settled = sum(inv["total"] - inv["amount_credited"] - inv["amount_due"] for inv in invoices)
        assert paid_in + credits_spent == settled + sum(r["amount"] for r in refunds)
        customer = self.books.get("customer", CUSTOMER_ID)
        assert customer["credit_balances"].get("USD", 0) == self.balance >= 0


@pytest.mark.parametrize("page_size", [links.PAGE_SIZE, 2])
def test_every_invariant_holds_after_every_step(make_books, monkeypatch, page_size):
    monkeypatch.setattr(links, "PAGE_SIZE", page_size)

    class Machine(LedgerMachine):
        pass

    Machine.make_books = staticmethod(make_books)
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=60,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        ),
    )
