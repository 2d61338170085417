"""A person's vCard (3.0): the same bytes on every build."""

from __future__ import annotations

import vobject

from .model import Person


def vcard_bytes(person: Person) -> bytes:
    """The person's vCard 3.0, UTF-8; no timestamp or random id, so each build's bytes agree."""
    card = vobject.vCard()
    card.add("fn").value = person.name
    card.add("n").value = vobject.vcard.Name(family=person.family_name, given=person.given_name)
    card.add("org").value = [person.organisation.name]
    if person.role:
        card.add("title").value = person.role
    if person.phone is not None:
        tel = card.add("tel")
        tel.value = person.phone.tel
        tel.type_param = ["WORK", "VOICE"]
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = ["INTERNET", "WORK"]
    if person.organisation.web:
        card.add("url").value = person.organisation.web
    address = person.organisation.address
    if address is not None:
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=address.street,
            code=address.postal_code,
            city=address.city,
            country="Deutschland",
        )
        adr.type_param = ["WORK"]
    return card.serialize().encode("utf-8")
