from oauth2_provider.oauth2_validators import OAuth2Validator


class NipValidator(OAuth2Validator):
    # Without its scope, a claim of our own is dropped from the token and userinfo.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "nip": "profile"}

    def get_additional_claims(self, request):
        return {"nip": request.user.username, "name": request.user.first_name}
