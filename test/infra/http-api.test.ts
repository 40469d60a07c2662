import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyResource, synthProvince } from './synth';

describe('HTTP API', () => {
  const { root } = synthProvince('06');

  const routes = Object.values(root.findResources('AWS::ApiGatewayV2::Route')) as { Properties: Record<string, unknown> }[];
  const PUBLIC_ROUTE = 'POST /public/graphql';

  it('has exactly the GraphQL and print routes, every one but the public GraphQL route behind the one JWT authorizer', () => {
    const authorizers = root.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId] = Object.keys(authorizers);
    // Nothing else is reachable: no $default route, one unauthenticated route.
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [
        'GET /forms/{form}',
        'GET /forms/{form}/{dossierId}',
        // Issue 12: the statistics dashboard and Form II.06a, printed by the same function.
        'GET /dashboard',
        'GET /reports/ii06a',
        'GET /graphql',
        'POST /graphql',
        PUBLIC_ROUTE,
      ].sort(),
    );
    for (const route of routes.filter((r) => r.Properties.RouteKey !== PUBLIC_ROUTE)) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('serves POST /public/graphql from the same GraphQL function, without an authorizer', () => {
    const [publicRoute] = routes.filter((r) => r.Properties.RouteKey === PUBLIC_ROUTE);
    expect(publicRoute!.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(publicRoute!.Properties.AuthorizerId).toBeUndefined();
    const integrationId = (publicRoute!.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
      .map((part) => (part as { Ref?: string }).Ref)
      .find(Boolean)!;
    const [, integration] = onlyResource([root], 'AWS::ApiGatewayV2::Integration', (id) => id === integrationId);
    expect(JSON.stringify(integration.Properties!.IntegrationUri)).toContain('GraphqlFunction');
    // Only POST: no GET with a query string, so no public operation lands in access logs or caches.
    expect(routes.filter((r) => String(r.Properties.RouteKey).endsWith(' /public/graphql'))).toHaveLength(1);
  });

  it('sends /graphql to the GraphQL function and /forms to the print function', () => {
    const integrations = root.findResources('AWS::ApiGatewayV2::Integration');
    const targets = Object.values(integrations).map((i) => JSON.stringify((i as { Properties: unknown }).Properties));
    expect(targets.some((t) => t.includes('GraphqlFunction'))).toBe(true);
    expect(targets.some((t) => t.includes('PrintFunction'))).toBe(true);
  });

  it('trusts the stack’s Cognito user pool and app client by default', () => {
    root.resourceCountIs('AWS::Cognito::UserPool', 1);
    root.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [poolId] = Object.keys(root.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(root.findResources('AWS::Cognito::UserPoolClient'));
    root.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', '.amazonaws.com/', { Ref: poolId }])],
        },
      },
    });
    root.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('requires TOTP MFA and puts admin-set agency and roles into both tokens through a V2 pre-token trigger', () => {
    const [, pool] = onlyResource([root], 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    const schema = pool.Properties!.Schema as { Name: string; Mutable: boolean; AttributeDataType: string }[];
    expect(schema.filter((a) => ['agency', 'roles'].includes(a.Name)).map((a) => [a.Name, a.AttributeDataType, a.Mutable])).toEqual([
      ['agency', 'String', true],
      ['roles', 'String', true],
    ]);
    const trigger = pool.Properties!.LambdaConfig.PreTokenGenerationConfig as {
      LambdaArn: { 'Fn::GetAtt': [string] };
      LambdaVersion: string;
    };
    expect(trigger.LambdaVersion).toBe('V2_0');
    expect(trigger.LambdaArn['Fn::GetAtt'][0]).toMatch(/^IdentityPreTokenFunction/);
    // The app client may read the attributes but not write them: only administrators set them.
    const [, client] = onlyResource([root], 'AWS::Cognito::UserPoolClient');
    expect(client.Properties!.ReadAttributes).toEqual(expect.arrayContaining(['custom:agency', 'custom:roles']));
    expect(client.Properties!.WriteAttributes).toEqual(['locale', 'zoneinfo']);
  });

  it('uses the configured issuer and audience instead, without a user pool', () => {
    const { root: custom } = synthProvince('06', {
      jwtIssuer: 'https://sso.backan.gov.vn/realms/lienthong',
      jwtAudience: 'lienthong-web, lienthong-mobile',
    });
    custom.resourceCountIs('AWS::Cognito::UserPool', 0);
    custom.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: 'https://sso.backan.gov.vn/realms/lienthong',
        Audience: ['lienthong-web', 'lienthong-mobile'],
      },
    });
    expect(Object.keys(custom.findOutputs('UserPoolId'))).toHaveLength(0);
  });

  it('serves a throttled, access-logged $default stage', () => {
    root.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
  });

  it('outputs the URLs, table name, queue prefix and user pool ids', () => {
    const outputs = root.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'FilesBucket',
        'FormsUrl',
        'GraphqlUrl',
        'JwtIssuer',
        'PublicGraphqlUrl',
        'QueueNamePrefix',
        'TableName',
        'UserPoolClientId',
        'UserPoolId',
      ].sort(),
    );
    expect(outputs.QueueNamePrefix?.Value).toBe('lienthong-06-prod-');
    expect(JSON.stringify(outputs.GraphqlUrl?.Value)).toContain('/graphql');
    expect(JSON.stringify(outputs.PublicGraphqlUrl?.Value)).toContain('/public/graphql');
  });
});
