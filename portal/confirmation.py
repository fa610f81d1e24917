"""The confirmation code of a change of address: counted tries, so a guesser gets three, and the person is told
how many remain.

The letter's code is the only proof that the applicant lives at the new address. Each wrong code is counted on
the application (committed before the refusal goes out, so a refused request still counts); once the tries are
spent the code is void and only a new letter, asked for at a counter, can complete the change.
"""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from portal.forms import FieldError
from portal.models import Application
from portal.problems import Problem
from portal.security import code_digest

MAX_CONFIRMATION_TRIES = 3


def tries_left(application: Application) -> int:
    return max(0, MAX_CONFIRMATION_TRIES - (application.confirmation_tries or 0))


def blocked_problem() -> Problem:
    return Problem(
        409,
        "confirmation-blocked",
        "problem.confirmation_blocked",
        "problem.confirmation_blocked.detail",
        extensions={"tries_left": 0},
    )


async def check_confirmation_code(db: AsyncSession, application: Application, code: str) -> None:
    """Return when ``code`` is the letter's; otherwise count the try, commit, and raise the problem to answer.

    422 with the field error and ``tries_left`` while tries remain; 409 confirmation-blocked once spent.
    """
    if tries_left(application) == 0 or application.confirmation_code_hash is None:
        raise blocked_problem()
    if secrets.compare_digest(application.confirmation_code_hash, code_digest(code)):
        return
    application.confirmation_tries = (application.confirmation_tries or 0) + 1
    left = tries_left(application)
    await db.commit()
    if left == 0:
        raise blocked_problem()
    raise Problem(
        422,
        "invalid-answers",
        "problem.validation",
        "problem.validation.detail",
        errors=[FieldError("code", "field.confirmation_code", {"tries_left": left})],
        extensions={"tries_left": left},
    )
