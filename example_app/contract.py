"""The example API's contractkit instance and its custom status codes."""

from __future__ import annotations

import warnings

from contractkit import ContractKit
from contractkit.errors import InfrastructureCodeWarning

ck = ContractKit()

ck.register_status(
    299,
    "Completed With Warnings",
    description="The request succeeded, but the body lists warnings the caller should read.",
)

# 460 and 499 are also sent by AWS load balancers and nginx; this API uses them
# knowingly (its clients talk to it directly), so the collision warning is silenced.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", InfrastructureCodeWarning)
    ck.register_status(
        460,
        "Tier Limit Exceeded",
        fallback=429,
        description="The caller's plan allows no more calls this hour.",
    )
    ck.register_status(
        499,
        "Client Closed Request",
        fallback=400,
        description="The client cancelled the job before it finished.",
    )
