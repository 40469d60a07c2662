import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthProvince } from './synth';

describe('HTTP API', () => {
  const { root } = synthProvince('06');

  it('has exactly the GraphQL and print routes, every one behind the one JWT authorizer', () => {
    const authorizers = root.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId] = Object.keys(authorizers);
    const routes = Object.values(root.findResources('AWS::ApiGatewayV2::Route')) as { Properties: Record<string, unknown> }[];
    // Nothing else is reachable: no $default route, no unauthenticated route.
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      ['GET /forms/{form}', 'GET /forms/{form}/{dossierId}', 'GET /graphql', 'POST /graphql'].sort(),
    );
    for (const route of routes) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
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
      ['FormsUrl', 'GraphqlUrl', 'JwtIssuer', 'QueueNamePrefix', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    expect(outputs.QueueNamePrefix?.Value).toBe('lienthong-06-prod-');
    expect(JSON.stringify(outputs.GraphqlUrl?.Value)).toContain('/graphql');
  });
});
