extension LoyaltyProgram {
    /// The built-in program as a commented YAML file that merchants can copy and edit; it loads to
    /// exactly `LoyaltyProgram.defaults`. Every key of the format appears, with its default.
    public static let defaultsYAML = #"""
        # Encore loyalty program. `encore loyalty apply FILE` publishes a new version;
        # `encore loyalty apply --defaults` publishes this one.
        # Amounts are decimal strings in major units of the currency ("5.00" in USD, "500" in JPY).
        # Points are whole numbers.

        currency: USD                 # ISO 4217 code; must be the store's currency

        earning:
          purchase:                   # leave out to earn nothing on purchases
            points_per_unit: 1        # points for every `unit` spent (shipping and tax never count)
            unit: "1.00"              # default: one major unit of the currency
            minimum_order: "0.00"     # eligible subtotal needed to earn anything
            exclude_categories: []    # e.g. [gift-cards]: such lines earn nothing
            exclude_skus: []          # e.g. [GIFT-50]
            pending_until_return_window_closes: true  # default true: points wait for the return window
            caps: []                  # e.g. [{period: month, points: 5000}]
          actions:                    # leave an action out to give it no points
            sign_up:
              points: 50
            review:
              points: 25
              caps:                   # period: day, week, month or year (UTC); count and/or points
                - period: day
                  count: 3
            nps_answer:
              points: 10
            referral:
              points: 200
              caps:
                - period: month
                  count: 10
            birthday:                 # only if the birthday was set 30 days before; once a year
              points: 100

        tiers:                        # leave out for no tiers
          basis: spend                # spend (thresholds are amounts; the default) or points
          window_months: 12           # the rolling window that qualifies (default 12)
          downgrade: anniversary      # never, anniversary (yearly review; the default) or rolling
          levels:                     # thresholds strictly increasing, the first 0
            - key: bronze
              name: Bronze
              threshold: "0.00"
              multiplier: 1           # purchase points are multiplied by this (at least 1)
            - key: silver
              name: Silver
              threshold: "500.00"
              multiplier: 1.25
            - key: gold
              name: Gold
              threshold: "1500.00"
              multiplier: 1.5

        rewards:
          # kind: fixed_discount (amount), percentage_discount (percent 1-100), free_shipping,
          # free_product (sku), partner_voucher (partner, value).
          # Optional: stock (units in total), per_customer_limit.
          # fulfilment: code_pool (codes imported beforehand; the default) or webhook (a signed
          # webhook asks the shop to issue the code).
          - key: five-off
            name: 5.00 off your next order
            kind: fixed_discount
            amount: "5.00"
            cost: 500                 # points
            fulfilment: webhook
          - key: free-shipping
            name: Free shipping
            kind: free_shipping
            cost: 300
            fulfilment: webhook
          - key: ten-percent-off
            name: 10% off your next order
            kind: percentage_discount
            percent: 10
            cost: 1000
            fulfilment: webhook

        expiry:                       # leave out and points never expire
          lot_days: 365               # each lot of points expires this many days after it was earned
          # inactivity_months: 18     # or/and: the whole balance expires after months without a purchase
          warning_days: 30            # the warning (it starts a journey) is due this many days before (default 30)

        # When a refund reverses points that were already spent: negative_balance (the balance goes
        # below zero; the default) or capped_shortfall (it stops at zero and the rest is forgiven).
        reversal_policy: negative_balance
        """#
}
